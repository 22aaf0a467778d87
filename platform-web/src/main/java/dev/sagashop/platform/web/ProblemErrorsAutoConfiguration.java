package dev.sagashop.platform.web;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.boot.webmvc.autoconfigure.error.ErrorMvcAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;

/**
 * Every error a service answers is problem+json (API.md, "Errors and limits"), also those
 * no controller sees: what Tomcat refuses before any servlet runs
 * ({@link ProblemErrorReportValve}), what lands on the error page
 * ({@link ProblemErrorController}, in place of Spring Boot's), a wildcard content type
 * and any {@code Accept} ({@link MediaTypeHeaders}), a query that is no UTF-8 and an
 * {@code Accept} nothing matches ({@link ClientErrors}). Found by the fuzzer of issue 19
 * (ApiFuzzIT).
 */
@AutoConfiguration(before = ErrorMvcAutoConfiguration.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
public class ProblemErrorsAutoConfiguration {

	@Bean
	ProblemErrorController problemErrorController() {
		return new ProblemErrorController();
	}

	@Bean
	WebServerFactoryCustomizer<TomcatServletWebServerFactory> problemErrorReports() {
		return (factory) -> factory.addContextCustomizers(ProblemErrorReportValve::install);
	}

	@Bean
	FilterRegistrationBean<MediaTypeHeaders> mediaTypeHeaders() {
		FilterRegistrationBean<MediaTypeHeaders> registration = new FilterRegistrationBean<>(new MediaTypeHeaders());
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
		return registration;
	}

	@Bean
	ClientErrors clientErrors() {
		return new ClientErrors();
	}

}
