package dev.sagashop.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
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
		Startables.deepStart(postgres, kafka).join();
		try (Connection connection = DriverManager.getConnection(postgres.getJdbcUrl(), postgres.getUsername(),
				postgres.getPassword())) {
			TestInfrastructure.createDatabase(connection);
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Could not create the test database in " + postgres.getDockerImageName(),
					ex);
		}
		logger.info("%s and %s ready in %d ms".formatted(postgres.getDockerImageName(), kafka.getDockerImageName(),
				(System.nanoTime() - started) / 1_000_000));
		return new ContainerInfrastructure(postgres, kafka);
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
