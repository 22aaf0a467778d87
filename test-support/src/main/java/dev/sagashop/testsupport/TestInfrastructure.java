package dev.sagashop.testsupport;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * What {@link RealInfrastructure} gives a test JVM, whichever way it runs: one PostgreSQL
 * database owned by a plain (non-superuser) role, as the services connect in every other
 * environment, and one Kafka broker.
 */
interface TestInfrastructure {

	String DATABASE = "app";

	String USER = "app";

	String PASSWORD = "app";

	/** The JDBC URL of the database {@link #USER} owns. */
	String jdbcUrl();

	/** The broker's bootstrap servers, comma-separated. */
	String bootstrapServers();

	/** Stops both, when the JVM exits. */
	void stop();

	/**
	 * Creates the tests' role and the database it owns.
	 * @param superuser a connection with the right to create both
	 * @throws SQLException when either cannot be created
	 */
	static void createDatabase(Connection superuser) throws SQLException {
		try (Statement statement = superuser.createStatement()) {
			statement.execute("CREATE ROLE " + USER + " LOGIN PASSWORD '" + PASSWORD + "'");
			statement.execute("CREATE DATABASE " + DATABASE + " OWNER " + USER);
		}
	}

}
