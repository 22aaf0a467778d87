package dev.sagashop.platform.web;

import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientConnectionException;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.dao.DataAccessException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * A request that finds the service's database unreachable (restarting, failing over, its
 * connection lost mid-transaction) is answered 503 with {@code Retry-After}, not 500:
 * nothing was committed, and the same request may be sent again. Other data-access
 * failures stay errors.
 */
@RestControllerAdvice
class DatabaseUnavailable {

	private static final Log logger = LogFactory.getLog(DatabaseUnavailable.class);

	@ExceptionHandler({ TransactionException.class, DataAccessException.class })
	ResponseEntity<ProblemDetail> unavailable(RuntimeException ex) {
		if (!unreachable(ex)) {
			throw ex;
		}
		logger.warn("Database unreachable: " + ex.getMessage());
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
				"The service's database cannot be reached right now; send the request again shortly.");
		problem.setTitle("Database unavailable");
		problem.setType(ProblemTypes.BLANK);
		return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header(HttpHeaders.RETRY_AFTER, "2").body(problem);
	}

	/**
	 * A connection that could not be had, was refused, or was lost (SQL states 08, 57P).
	 */
	static boolean unreachable(Throwable ex) {
		for (Throwable cause = ex; cause != null; cause = (cause.getCause() == cause) ? null : cause.getCause()) {
			if (cause instanceof CannotCreateTransactionException || cause instanceof DataAccessResourceFailureException
					|| cause instanceof SQLTransientConnectionException || cause instanceof SQLRecoverableException) {
				return true;
			}
			if (cause instanceof SQLException sql && sql.getSQLState() != null
					&& (sql.getSQLState().startsWith("08") || sql.getSQLState().startsWith("57P"))) {
				return true;
			}
			// HikariCP's stand-in for a connection it closed after a fatal error has no
			// state.
			if (cause instanceof SQLException sql && "Connection is closed".equals(sql.getMessage())) {
				return true;
			}
		}
		return false;
	}

}
