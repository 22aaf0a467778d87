package dev.sagashop.testsupport;

import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.postgresql.PostgreSQLContainer;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.testcontainers.service.connection.ServiceConnection;
import org.springframework.context.annotation.Bean;

/**
 * PostgreSQL and Kafka in containers, wired in with {@code @ServiceConnection}. Used only
 * where a Docker engine runs.
 */
@TestConfiguration(proxyBeanMethods = false)
class ContainerInfrastructureConfiguration {

	static final String POSTGRES_IMAGE = "postgres:17.6-alpine";

	static final String KAFKA_IMAGE = "apache/kafka:4.1.2";

	@Bean
	@ServiceConnection
	PostgreSQLContainer postgres() {
		return new PostgreSQLContainer(POSTGRES_IMAGE);
	}

	@Bean
	@ServiceConnection
	KafkaContainer kafka() {
		return new KafkaContainer(KAFKA_IMAGE);
	}

}
