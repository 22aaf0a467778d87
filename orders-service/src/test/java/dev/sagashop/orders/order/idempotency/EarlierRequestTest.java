package dev.sagashop.orders.order.idempotency;

import java.util.UUID;

import dev.sagashop.orders.order.idempotency.IdempotencyKeys.Claim;
import dev.sagashop.orders.order.idempotency.IdempotencyKeys.Earlier;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** What a request does with a key an earlier request left behind. */
class EarlierRequestTest {

	static final UUID ORDER = UUID.randomUUID();

	@Test
	void replaysAStoredAnswer() {
		assertThat(new Earlier("h", ORDER, 202, "{}", false, true, true).decide("h"))
			.contains(new Claim.Replay(202, ORDER, "{}"));
	}

	@Test
	void refusesAnotherRequestWithTheSameKey() {
		assertThat(new Earlier("h", ORDER, 202, "{}", false, false, false).decide("other"))
			.contains(new Claim.Mismatch());
	}

	@Test
	void waitsForARequestThatMayStillBeAnswering() {
		assertThat(new Earlier("h", ORDER, 0, null, false, false, false).decide("h")).contains(new Claim.InFlight());
	}

	@Test
	void answersFromTheOrderOnceItsRequestCannotBeAnsweringAnyMore() {
		assertThat(new Earlier("h", ORDER, 0, null, false, true, true).decide("h")).contains(new Claim.Placed(ORDER));
	}

	@Test
	void takesOverAnExpiredKeyOrAnAbandonedClaim() {
		assertThat(new Earlier("h", ORDER, 202, "{}", true, true, true).decide("other")).isEmpty();
		assertThat(new Earlier("h", null, 0, null, false, true, true).decide("h")).isEmpty();
		assertThat(new Earlier("h", null, 0, null, false, false, false).decide("h")).contains(new Claim.InFlight());
	}

}
