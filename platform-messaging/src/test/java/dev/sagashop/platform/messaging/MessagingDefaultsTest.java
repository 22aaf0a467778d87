package dev.sagashop.platform.messaging;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

class MessagingDefaultsTest {

	@Test
	void consumesWithOneThreadPerPartition() {
		StandardEnvironment environment = new StandardEnvironment();
		new MessagingDefaults().postProcessEnvironment(environment, new SpringApplication());
		assertThat(environment.getProperty("spring.kafka.listener.concurrency", Integer.class)).isEqualTo(3);
	}

	@Test
	void commitsOffsetsOnceASecondRatherThanAfterEveryPoll() {
		StandardEnvironment environment = new StandardEnvironment();
		new MessagingDefaults().postProcessEnvironment(environment, new SpringApplication());
		assertThat(environment.getProperty("spring.kafka.listener.ack-mode")).isEqualTo("time");
		assertThat(ackTime(environment)).isEqualTo(Duration.ofSeconds(1));

		environment.getPropertySources()
			.addFirst(new MapPropertySource("env", Map.of("sagashop.messaging.commit-interval", "250ms")));
		assertThat(ackTime(environment)).isEqualTo(Duration.ofMillis(250));
	}

	/** The interval as Spring Boot binds it into the listener containers' properties. */
	private static Duration ackTime(StandardEnvironment environment) {
		return Binder.get(environment).bind("spring.kafka.listener.ack-time", Duration.class).get();
	}

	@Test
	void followsThePartitionsAndGivesWayToTheServicesOwnSetting() {
		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources()
			.addFirst(new MapPropertySource("env", Map.of("sagashop.messaging.partitions", "6")));
		new MessagingDefaults().postProcessEnvironment(environment, new SpringApplication());
		assertThat(environment.getProperty("spring.kafka.listener.concurrency", Integer.class)).isEqualTo(6);

		environment.getPropertySources()
			.addFirst(new MapPropertySource("own", Map.of("spring.kafka.listener.concurrency", "1")));
		assertThat(environment.getProperty("spring.kafka.listener.concurrency", Integer.class)).isEqualTo(1);
	}

}
