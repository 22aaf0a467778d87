package dev.sagashop.platform.observability;

import io.micrometer.observation.ObservationPredicate;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.server.observation.ServerRequestObservationContext;

/**
 * Leaves the actuator's own endpoints out of traces and request metrics: health probes
 * and Prometheus scrapes arrive every few seconds from every instance and would bury the
 * checkouts in the trace UI.
 */
@AutoConfiguration
public class ObservabilityAutoConfiguration {

	static final String ACTUATOR = "/actuator";

	static boolean isActuator(String path) {
		return path != null && (path.equals(ACTUATOR) || path.startsWith(ACTUATOR + "/"));
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
	static class Servlet {

		@Bean
		ObservationPredicate actuatorRequestsUnobserved() {
			return (name, context) -> !(context instanceof ServerRequestObservationContext request
					&& isActuator(request.getCarrier().getRequestURI()));
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
	static class Reactive {

		@Bean
		ObservationPredicate actuatorRequestsUnobserved() {
			return (name,
					context) -> !(context instanceof org.springframework.http.server.reactive.observation.ServerRequestObservationContext request
							&& isActuator(request.getCarrier().getPath().value()));
		}

	}

}
