package dev.sagashop.platform.messaging;

import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringApplication;
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
