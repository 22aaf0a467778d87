package dev.sagashop.orders.checkout;

import java.util.EnumSet;
import java.util.Set;

import dev.sagashop.orders.order.FailureReason;

/**
 * The saga's state as the decision logic sees it.
 *
 * @param phase where it stands
 * @param failureReason why it compensates or was rejected, else {@code null}
 * @param pendingCompensations compensations sent or queued and not yet confirmed
 * @param cancelRequested the customer asked to cancel: the checkout ends
 * {@code CANCELLED}, and a cancellation is under way
 * @param dispatched the carrier has collected the shipment: nothing can be undone
 */
public record SagaState(Phase phase, FailureReason failureReason, Set<Action> pendingCompensations,
		boolean cancelRequested, boolean dispatched) {

	public SagaState {
		pendingCompensations = pendingCompensations.isEmpty() ? Set.of()
				: Set.copyOf(EnumSet.copyOf(pendingCompensations));
	}

	SagaState(Phase phase, FailureReason failureReason, Set<Action> pendingCompensations) {
		this(phase, failureReason, pendingCompensations, false, false);
	}

	static SagaState at(Phase phase) {
		return new SagaState(phase, null, Set.of());
	}

	SagaState withCancelRequested() {
		return new SagaState(this.phase, this.failureReason, this.pendingCompensations, true, this.dispatched);
	}

	SagaState withDispatched() {
		return new SagaState(this.phase, this.failureReason, this.pendingCompensations, this.cancelRequested, true);
	}

}
