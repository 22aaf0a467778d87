package dev.sagashop.platform.observability;

import java.util.Map;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationPredicate;
import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringApplication;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.scheduling.support.ScheduledTaskObservationContext;

import static org.assertj.core.api.Assertions.assertThat;

class ObservabilityDefaultsTest {

	@Test
	void tracesEverythingButExportsOnlyWhereATraceBackendIsNamed() {
		StandardEnvironment environment = new StandardEnvironment();
		new ObservabilityDefaults().postProcessEnvironment(environment, new SpringApplication());
		assertThat(environment.getProperty("management.tracing.sampling.probability")).isEqualTo("1.0");
		assertThat(environment.getProperty("management.tracing.export.zipkin.enabled")).isEqualTo("false");
		assertThat(environment.getProperty("spring.kafka.listener.observation-enabled")).isEqualTo("true");
		assertThat(environment.getProperty("spring.kafka.template.observation-enabled")).isEqualTo("true");
		assertThat(environment.getProperty("management.metrics.observations.ignored-meters"))
			.isEqualTo("long-task-timer");
	}

	@Test
	void givesWayToTheAppsOwnConfigurationAndTheEnvironment() {
		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources()
			.addFirst(new MapPropertySource("env", Map.of("management.tracing.export.zipkin.enabled", "true",
					"management.tracing.sampling.probability", "0.25")));
		new ObservabilityDefaults().postProcessEnvironment(environment, new SpringApplication());
		assertThat(environment.getProperty("management.tracing.export.zipkin.enabled")).isEqualTo("true");
		assertThat(environment.getProperty("management.tracing.sampling.probability")).isEqualTo("0.25");
	}

	@Test
	void leavesScheduledTasksUnobserved() throws Exception {
		ObservationPredicate predicate = new ObservabilityAutoConfiguration().scheduledTasksUnobserved();
		Object task = new Object();
		assertThat(predicate.test("tasks.scheduled.execution",
				new ScheduledTaskObservationContext(task, Object.class.getMethod("hashCode"))))
			.isFalse();
		assertThat(predicate.test("sagashop.saga.deadline", new Observation.Context())).isTrue();
	}

	@Test
	void knowsTheActuatorsPaths() {
		assertThat(ObservabilityAutoConfiguration.isActuator("/actuator/health/readiness")).isTrue();
		assertThat(ObservabilityAutoConfiguration.isActuator("/actuator")).isTrue();
		assertThat(ObservabilityAutoConfiguration.isActuator("/actuatorx")).isFalse();
		assertThat(ObservabilityAutoConfiguration.isActuator("/api/orders")).isFalse();
		assertThat(ObservabilityAutoConfiguration.isActuator(null)).isFalse();
	}

}
