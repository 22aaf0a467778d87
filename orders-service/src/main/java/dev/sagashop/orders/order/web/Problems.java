package dev.sagashop.orders.order.web;

import dev.sagashop.orders.checkout.Admission;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** The problem+json answers of the order endpoints that no exception handler gives. */
final class Problems {

	private Problems() {
	}

	static ErrorResponseException of(HttpStatus status, String title, String detail) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
		problem.setTitle(title);
		return new ErrorResponseException(status, problem, null);
	}

	/**
	 * The header that tells the gateway how long, in milliseconds, this instance will
	 * refuse every new order: it answers them itself meanwhile (ADR 36).
	 */
	static final String CLOSED_FOR = "Sagashop-Admission-Closed-Ms";

	/** 503 with {@code Retry-After}: the contract's answer to overload (ADR 14). */
	static Overloaded overloaded(Admission.Refusal refusal) {
		long retryAfter = refusal.retryAfter().toSeconds();
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
				"The checkout cannot keep up right now and created nothing; send the same request again after "
						+ retryAfter + " s (with the same Idempotency-Key, if any).");
		problem.setTitle("Checkout overloaded");
		Overloaded refused = new Overloaded(problem);
		refused.getHeaders().set(HttpHeaders.RETRY_AFTER, Long.toString(retryAfter));
		refused.getHeaders().set(CLOSED_FOR, Long.toString(refusal.closedFor().toMillis()));
		return refused;
	}

	/**
	 * The refusal of admission control, told apart from the other reasons to place
	 * nothing.
	 */
	static final class Overloaded extends ErrorResponseException {

		Overloaded(ProblemDetail problem) {
			super(HttpStatus.SERVICE_UNAVAILABLE, problem, null);
		}

	}

}
