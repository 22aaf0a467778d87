package dev.sagashop.platform.messaging;

import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientConnectionException;

import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.transaction.CannotCreateTransactionException;

/**
 * Tells a database that cannot be reached from a failure of the work itself. The Kafka
 * listeners wait for such a database rather than dead-letter messages, and the services'
 * HTTP side answers 503 instead of 500 (platform-web's {@code DatabaseUnavailable}).
 */
public final class DatabaseFailures {

	private DatabaseFailures() {
	}

	/**
	 * Whether a failure says the database cannot be reached: a connection that could not
	 * be had, was refused, or was lost (SQL states 08, 57P), rather than that this work
	 * is wrong.
	 */
	public static boolean unreachable(Throwable ex) {
		for (Throwable cause = ex; cause != null; cause = (cause.getCause() == cause) ? null : cause.getCause()) {
			if (cause instanceof CannotCreateTransactionException || cause instanceof DataAccessResourceFailureException
					|| cause instanceof SQLTransientConnectionException || cause instanceof SQLRecoverableException) {
				return true;
			}
			if (cause instanceof SQLException sql && sql.getSQLState() != null
					&& (sql.getSQLState().startsWith("08") || sql.getSQLState().startsWith("57P"))) {
				return true;
			}
			// HikariCP's stand-in for a connection it closed after a fatal
			// error has no state.
			if (cause instanceof SQLException sql && "Connection is closed".equals(sql.getMessage())) {
				return true;
			}
		}
		return false;
	}

}
