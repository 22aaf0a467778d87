package dev.sagashop.platform.observability;

import io.micrometer.observation.ObservationPredicate;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.server.observation.ServerRequestObservationContext;
import org.springframework.scheduling.support.ScheduledTaskObservationContext;

/**
 * Leaves the actuator's own endpoints out of traces and request metrics: health probes
 * and Prometheus scrapes arrive every few seconds from every instance and would bury the
 * checkouts in the trace UI. The same for the services' scheduled work (admission
 * control's reading five times a second, the saga's deadline scan, the carrier's
 * collection scan): a trace of its own at every run, seven a second with nothing in them,
 * each made, exported and stored. What such work does for a checkout (a resend, a
 * deadline) joins the checkout's trace through the context the saga keeps.
 */
@AutoConfiguration
public class ObservabilityAutoConfiguration {

	@Bean
	ObservationPredicate scheduledTasksUnobserved() {
		return (name, context) -> !(context instanceof ScheduledTaskObservationContext);
	}

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
