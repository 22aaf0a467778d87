package dev.sagashop.platform.messaging;

import java.util.Map;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * The messaging settings every service of sagashop shares, as defaults that a service's
 * own configuration or the environment overrides: each listener consumes its topic with
 * as many threads as the saga topics have partitions
 * ({@code sagashop.messaging.partitions}, 3), so that one slow message holds up only the
 * orders of its partition (ADR 19). A message's key is its order id, so one order's
 * messages stay on one partition and one thread, in order. Offsets are committed once a
 * second ({@code sagashop.messaging.commit-interval}) rather than after every poll (ADR
 * 33): every listener goes through the inbox, so what a crash makes Kafka deliver again
 * changes nothing, and a record no longer waits for a commit's round trip.
 */
public class MessagingDefaults implements EnvironmentPostProcessor {

	static final String PROPERTY_SOURCE = "sagashopMessagingDefaults";

	static Map<String, Object> defaults() {
		return Map.of("spring.kafka.listener.concurrency", "${sagashop.messaging.partitions:3}",
				"spring.kafka.listener.ack-mode", "time", "spring.kafka.listener.ack-time",
				"${sagashop.messaging.commit-interval:1s}");
	}

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		environment.getPropertySources().addLast(new MapPropertySource(PROPERTY_SOURCE, defaults()));
	}

}
