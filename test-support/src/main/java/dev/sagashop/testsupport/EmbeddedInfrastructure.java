package dev.sagashop.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * Zonky's embedded PostgreSQL and spring-kafka-test's in-process KRaft broker.
 */
final class EmbeddedInfrastructure implements TestInfrastructure {

	private static final Log logger = LogFactory.getLog(EmbeddedInfrastructure.class);

	private final EmbeddedPostgres postgres;

	private final EmbeddedKafkaKraftBroker kafka;

	private EmbeddedInfrastructure(EmbeddedPostgres postgres, EmbeddedKafkaKraftBroker kafka) {
		this.postgres = postgres;
		this.kafka = kafka;
	}

	static EmbeddedInfrastructure start() {
		long started = System.nanoTime();
		EmbeddedPostgres postgres = startPostgres();
		EmbeddedKafkaKraftBroker kafka = new EmbeddedKafkaKraftBroker(1, 1);
		kafka.afterPropertiesSet();
		logger.info("Embedded PostgreSQL on port %d and Kafka at %s ready in %d ms".formatted(postgres.getPort(),
				kafka.getBrokersAsString(), (System.nanoTime() - started) / 1_000_000));
		return new EmbeddedInfrastructure(postgres, kafka);
	}

	private static EmbeddedPostgres startPostgres() {
		try {
			EmbeddedPostgres postgres = EmbeddedPostgres.builder().start();
			try (Connection connection = postgres.getPostgresDatabase().getConnection()) {
				TestInfrastructure.createDatabase(connection);
			}
			return postgres;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Embedded PostgreSQL did not start. As root it needs user namespaces "
					+ "(check that `unshare -U id` works); or set SAGASHOP_TEST_INFRA=containers where Docker runs.",
					ex);
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Could not create the test database", ex);
		}
	}

	@Override
	public String jdbcUrl() {
		return this.postgres.getJdbcUrl(USER, DATABASE);
	}

	@Override
	public String bootstrapServers() {
		return this.kafka.getBrokersAsString();
	}

	/**
	 * Stops PostgreSQL, a process of its own. The broker is left to the JVM's exit: its
	 * log directories are Kafka's temporary ones, which Kafka's own shutdown hook deletes
	 * while the hooks run, and a broker asked to stop after that waited for them until
	 * Surefire killed the test JVM, 30 s after its exit began.
	 */
	@Override
	public void stop() {
		try {
			this.postgres.close();
		}
		catch (IOException ex) {
			logger.warn("Embedded PostgreSQL did not stop cleanly", ex);
		}
	}

}
