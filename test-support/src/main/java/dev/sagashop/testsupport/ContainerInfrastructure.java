package dev.sagashop.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Properties;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.lifecycle.Startables;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * PostgreSQL and Kafka in containers, started side by side. The images are named in
 * {@code sagashop/test-images.properties}; where no registry can be reached,
 * {@code test-support/containers/build-images.sh} builds stand-ins under those names.
 */
final class ContainerInfrastructure implements TestInfrastructure {

	private static final Log logger = LogFactory.getLog(ContainerInfrastructure.class);

	/**
	 * Room for a busy two-core machine, where the broker's JVM starts slowly in its
	 * container (the wait strategies' default is a minute). CI once failed a suite's
	 * first context while the infrastructure started, and passed the same suite's later
	 * ones.
	 */
	private static final Duration STARTUP_TIMEOUT = Duration.ofMinutes(3);

	/** A container that did not come up is removed and started once more. */
	private static final int STARTUP_ATTEMPTS = 2;

	private final PostgreSQLContainer postgres;

	private final KafkaContainer kafka;

	private ContainerInfrastructure(PostgreSQLContainer postgres, KafkaContainer kafka) {
		this.postgres = postgres;
		this.kafka = kafka;
	}

	static ContainerInfrastructure start() {
		long started = System.nanoTime();
		Properties images = images();
		PostgreSQLContainer postgres = new PostgreSQLContainer(images.getProperty("postgres"));
		KafkaContainer kafka = new KafkaContainer(images.getProperty("kafka"));
		for (GenericContainer<?> container : List.of(postgres, kafka)) {
			container.withStartupTimeout(STARTUP_TIMEOUT).withStartupAttempts(STARTUP_ATTEMPTS);
		}
		try {
			Startables.deepStart(postgres, kafka).join();
			createDatabase(postgres);
		}
		catch (RuntimeException ex) {
			// InfrastructureSelector asks again for the next test's context: leave
			// nothing half-started behind for it.
			logger.warn(
					"Could not start %s and %s".formatted(postgres.getDockerImageName(), kafka.getDockerImageName()),
					ex);
			kafka.stop();
			postgres.stop();
			throw ex;
		}
		logger.info("%s and %s ready in %d ms".formatted(postgres.getDockerImageName(), kafka.getDockerImageName(),
				(System.nanoTime() - started) / 1_000_000));
		return new ContainerInfrastructure(postgres, kafka);
	}

	private static void createDatabase(PostgreSQLContainer postgres) {
		try (Connection connection = DriverManager.getConnection(postgres.getJdbcUrl(), postgres.getUsername(),
				postgres.getPassword())) {
			TestInfrastructure.createDatabase(connection);
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Could not create the test database in " + postgres.getDockerImageName(),
					ex);
		}
	}

	private static Properties images() {
		Properties images = new Properties();
		try (InputStream in = ContainerInfrastructure.class.getResourceAsStream("/sagashop/test-images.properties")) {
			images.load(in);
			return images;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	@Override
	public String jdbcUrl() {
		return "jdbc:postgresql://%s:%d/%s".formatted(this.postgres.getHost(),
				this.postgres.getMappedPort(PostgreSQLContainer.POSTGRESQL_PORT), DATABASE);
	}

	@Override
	public String bootstrapServers() {
		return this.kafka.getBootstrapServers();
	}

	@Override
	public void stop() {
		this.kafka.stop();
		this.postgres.stop();
	}

}
