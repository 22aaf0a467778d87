package dev.sagashop.platform.web;

import dev.sagashop.platform.messaging.DatabaseFailures;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.dao.DataAccessException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
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
		if (!DatabaseFailures.unreachable(ex)) {
			throw ex;
		}
		logger.warn("Database unreachable: " + ex.getMessage());
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
				"The service's database cannot be reached right now; send the request again shortly.");
		problem.setTitle("Database unavailable");
		problem.setType(ProblemTypes.BLANK);
		return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header(HttpHeaders.RETRY_AFTER, "2").body(problem);
	}

}
