package dev.sagashop.platform.observability;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * The observability settings every app of sagashop shares, as defaults that an app's own
 * configuration or the environment overrides:
 * <ul>
 * <li>every request is traced (a reference system is not sampled: one checkout is one
 * complete trace);</li>
 * <li>spans are exported only where a trace backend is named
 * ({@code MANAGEMENT_TRACING_EXPORT_ZIPKIN_ENABLED=true} and
 * {@code MANAGEMENT_TRACING_EXPORT_ZIPKIN_ENDPOINT}), so that tests and a bare start do
 * not log failed exports;</li>
 * <li>Kafka's producer and listeners are observed: the trace context travels in record
 * headers, and each listener gets RED metrics ({@code spring_kafka_listener_*});</li>
 * <li>latency histograms for HTTP and Kafka listeners, so that dashboards compute p99
 * across instances and Prometheus exemplars link a slow bucket to a trace;</li>
 * <li>no OTLP metrics push: metrics are scraped from {@code /actuator/prometheus};</li>
 * <li>no long task timer ({@code *.active}) beside each observation's timer: every
 * observation of every request and message would start and stop one, for series that
 * nothing reads (issue 16).</li>
 * </ul>
 */
public class ObservabilityDefaults implements EnvironmentPostProcessor {

	static final String PROPERTY_SOURCE = "sagashopObservabilityDefaults";

	static Map<String, Object> defaults() {
		Map<String, Object> defaults = new LinkedHashMap<>();
		defaults.put("management.tracing.sampling.probability", "1.0");
		defaults.put("management.tracing.export.zipkin.enabled", "false");
		defaults.put("management.otlp.metrics.export.enabled", "false");
		defaults.put("spring.kafka.template.observation-enabled", "true");
		defaults.put("spring.kafka.listener.observation-enabled", "true");
		defaults.put("management.metrics.distribution.percentiles-histogram.http.server.requests", "true");
		defaults.put("management.metrics.distribution.percentiles-histogram.spring.kafka.listener", "true");
		defaults.put("management.metrics.tags.application", "${spring.application.name:unknown}");
		defaults.put("management.metrics.observations.ignored-meters", "long-task-timer");
		// Spring Security observes each filter chain step: noise in a checkout's trace.
		defaults.put("management.observations.enable.spring.security", "false");
		return defaults;
	}

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		environment.getPropertySources().addLast(new MapPropertySource(PROPERTY_SOURCE, defaults()));
	}

}
