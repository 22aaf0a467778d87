package dev.sagashop.testsupport;

import java.util.List;

import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;
import org.springframework.boot.kafka.autoconfigure.KafkaConnectionDetails;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * The test JVM's infrastructure ({@link InfrastructureSelector}), published as the
 * connection details Spring Boot's auto-configuration reads, as
 * {@code @ServiceConnection} would publish them: application code cannot tell containers
 * from embedded servers.
 */
@TestConfiguration(proxyBeanMethods = false)
class InfrastructureConfiguration {

	@Bean
	JdbcConnectionDetails testPostgresConnectionDetails() {
		TestInfrastructure infrastructure = InfrastructureSelector.get();
		return new JdbcConnectionDetails() {

			@Override
			public String getUsername() {
				return TestInfrastructure.USER;
			}

			@Override
			public String getPassword() {
				return TestInfrastructure.PASSWORD;
			}

			@Override
			public String getJdbcUrl() {
				return infrastructure.jdbcUrl();
			}

		};
	}

	@Bean
	KafkaConnectionDetails testKafkaConnectionDetails() {
		List<String> servers = List.of(InfrastructureSelector.get().bootstrapServers().split(","));
		return () -> servers;
	}

}
