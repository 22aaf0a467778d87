package dev.sagashop.orders.checkout;

import java.util.EnumSet;
import java.util.Set;

import dev.sagashop.orders.order.FailureReason;

/**
 * The saga's state as the decision logic sees it.
 *
 * @param phase where it stands
 * @param failureReason why it compensates or was rejected, else {@code null}
 * @param pendingCompensations compensations sent and not yet confirmed
 */
public record SagaState(Phase phase, FailureReason failureReason, Set<Action> pendingCompensations) {

	public SagaState {
		pendingCompensations = pendingCompensations.isEmpty() ? Set.of()
				: Set.copyOf(EnumSet.copyOf(pendingCompensations));
	}

	static SagaState at(Phase phase) {
		return new SagaState(phase, null, Set.of());
	}

}
