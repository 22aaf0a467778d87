package dev.sagashop.testsupport;

import java.util.List;

import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;
import org.springframework.boot.kafka.autoconfigure.KafkaConnectionDetails;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * Embedded PostgreSQL and an in-process KRaft broker, published as Spring Boot connection
 * details exactly as {@code @ServiceConnection} would publish containers.
 */
@TestConfiguration(proxyBeanMethods = false)
class EmbeddedInfrastructureConfiguration {

	@Bean
	JdbcConnectionDetails embeddedPostgresConnectionDetails() {
		EmbeddedInfrastructure infrastructure = EmbeddedInfrastructure.get();
		return new JdbcConnectionDetails() {

			@Override
			public String getUsername() {
				return EmbeddedInfrastructure.USER;
			}

			@Override
			public String getPassword() {
				return EmbeddedInfrastructure.PASSWORD;
			}

			@Override
			public String getJdbcUrl() {
				return infrastructure.jdbcUrl();
			}

		};
	}

	@Bean
	KafkaConnectionDetails embeddedKafkaConnectionDetails() {
		List<String> servers = List.of(EmbeddedInfrastructure.get().bootstrapServers().split(","));
		return () -> servers;
	}

}
