package dev.sagashop.orders.checkout;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import dev.sagashop.events.PaymentCharged;
import dev.sagashop.events.PaymentDeclined;
import dev.sagashop.events.PaymentRefunded;
import dev.sagashop.events.Reply;
import dev.sagashop.events.ShipmentCancelled;
import dev.sagashop.events.ShipmentRefused;
import dev.sagashop.events.ShipmentScheduled;
import dev.sagashop.events.StockReleased;
import dev.sagashop.events.StockReserved;
import dev.sagashop.events.StockUnavailable;
import dev.sagashop.orders.checkout.Transition.HistoryNote;
import dev.sagashop.orders.order.FailureReason;

/**
 * The checkout saga, as a table: each step's action, the replies that complete or fail
 * it, and the compensation that undoes it. Decisions only; the orchestrator persists them
 * and sends the commands.
 * <ul>
 * <li>A step's success starts the next step; after the last, the order is confirmed.</li>
 * <li>A step's failure compensates the steps before it (a refused step did nothing), then
 * rejects; with nothing to undo, it rejects at once.</li>
 * <li>While a step waits, its command is resent now and then (participants answer a
 * repeated command as they did the first time).</li>
 * <li>A step's deadline compensates the steps before it and the step itself (it may have
 * happened); participants leave a tombstone, so a late command has no effect.</li>
 * <li>Compensations go out together and are resent until all are confirmed; only then is
 * the order rejected.</li>
 * <li>Any other reply (duplicate, late) changes nothing.</li>
 * </ul>
 */
public final class CheckoutSaga {

	/** The steps in order. */
	static final List<Step> STEPS = List.of(
			new Step(Phase.CHARGING_PAYMENT, Action.CHARGE_PAYMENT, PaymentCharged.class, PaymentDeclined.class,
					FailureReason.PAYMENT_DECLINED, Action.REFUND_PAYMENT, PaymentRefunded.class, "PAYMENT", "CHARGED",
					"DECLINED", "REFUNDED"),
			new Step(Phase.RESERVING_STOCK, Action.RESERVE_STOCK, StockReserved.class, StockUnavailable.class,
					FailureReason.OUT_OF_STOCK, Action.RELEASE_STOCK, StockReleased.class, "STOCK", "RESERVED",
					"UNAVAILABLE", "RELEASED"),
			new Step(Phase.SCHEDULING_SHIPMENT, Action.SCHEDULE_SHIPMENT, ShipmentScheduled.class,
					ShipmentRefused.class, FailureReason.SHIPPING_UNAVAILABLE, Action.CANCEL_SHIPMENT,
					ShipmentCancelled.class, "SHIPPING", "SCHEDULED", "REFUSED", "CANCELLED"));

	/**
	 * One row of the table.
	 *
	 * @param phase the saga's phase while the step runs
	 * @param action the command that performs it
	 * @param succeeded the reply that completes it
	 * @param failed the reply that refuses it (the step then did nothing)
	 * @param reason the order's failure reason when it is refused
	 * @param compensation the command that undoes it
	 * @param compensated the reply that confirms the undoing
	 * @param name the step's name in the order's history
	 * @param succeededOutcome history outcome of success
	 * @param failedOutcome history outcome of refusal
	 * @param compensatedOutcome history outcome of the undoing
	 */
	record Step(Phase phase, Action action, Class<? extends Reply> succeeded, Class<? extends Reply> failed,
			FailureReason reason, Action compensation, Class<? extends Reply> compensated, String name,
			String succeededOutcome, String failedOutcome, String compensatedOutcome) {
	}

	/** The state and command of a new saga. */
	public Transition start() {
		Step first = STEPS.get(0);
		return new Transition(SagaState.at(first.phase()), List.of(first.action()), List.of(), false);
	}

	/**
	 * Decides what a participant's reply does.
	 * @param state the saga's current state
	 * @param reply the reply
	 * @return the transition
	 */
	public Transition onReply(SagaState state, Reply reply) {
		if (state.phase() == Phase.COMPENSATING) {
			return onCompensationReply(state, reply);
		}
		int index = indexOf(state.phase());
		if (index < 0) {
			return Transition.ignore(state);
		}
		Step step = STEPS.get(index);
		if (step.succeeded().isInstance(reply)) {
			HistoryNote note = new HistoryNote(step.name(), step.succeededOutcome());
			if (index == STEPS.size() - 1) {
				return new Transition(SagaState.at(Phase.CONFIRMED), List.of(), List.of(note), false);
			}
			Step next = STEPS.get(index + 1);
			return new Transition(SagaState.at(next.phase()), List.of(next.action()), List.of(note), false);
		}
		if (step.failed().isInstance(reply)) {
			return compensate(STEPS.subList(0, index), step.reason(),
					new HistoryNote(step.name(), step.failedOutcome()));
		}
		return Transition.ignore(state);
	}

	/**
	 * Decides what to send again while the saga still waits: the current step's command,
	 * or the compensations not yet confirmed. The state does not change.
	 * @param state the saga's current state
	 * @return the transition, ignored once final
	 */
	public Transition onResend(SagaState state) {
		if (state.phase() == Phase.COMPENSATING) {
			List<Action> resend = reverse(STEPS).stream()
				.map(Step::compensation)
				.filter(state.pendingCompensations()::contains)
				.toList();
			return new Transition(state, resend, List.of(), false);
		}
		int index = indexOf(state.phase());
		return (index < 0) ? Transition.ignore(state)
				: new Transition(state, List.of(STEPS.get(index).action()), List.of(), false);
	}

	/**
	 * Decides what happens when the current step's deadline passes with no reply.
	 * @param state the saga's current state
	 * @return the transition
	 */
	public Transition onDeadline(SagaState state) {
		if (state.phase() == Phase.COMPENSATING) {
			return onResend(state);
		}
		int index = indexOf(state.phase());
		if (index < 0) {
			return Transition.ignore(state);
		}
		return compensate(STEPS.subList(0, index + 1), FailureReason.TIMEOUT,
				new HistoryNote(STEPS.get(index).name(), "TIMED_OUT"));
	}

	private Transition onCompensationReply(SagaState state, Reply reply) {
		for (Step step : STEPS) {
			if (step.compensated().isInstance(reply) && state.pendingCompensations().contains(step.compensation())) {
				Set<Action> pending = EnumSet.noneOf(Action.class);
				pending.addAll(state.pendingCompensations());
				pending.remove(step.compensation());
				HistoryNote note = new HistoryNote(step.name(), step.compensatedOutcome());
				SagaState next = pending.isEmpty() ? new SagaState(Phase.REJECTED, state.failureReason(), Set.of())
						: new SagaState(Phase.COMPENSATING, state.failureReason(), pending);
				return new Transition(next, List.of(), List.of(note), false);
			}
		}
		return Transition.ignore(state);
	}

	private static Transition compensate(List<Step> done, FailureReason reason, HistoryNote note) {
		if (done.isEmpty()) {
			return new Transition(new SagaState(Phase.REJECTED, reason, Set.of()), List.of(), List.of(note), false);
		}
		List<Action> undo = reverse(done).stream().map(Step::compensation).toList();
		return new Transition(new SagaState(Phase.COMPENSATING, reason, EnumSet.copyOf(undo)), undo, List.of(note),
				false);
	}

	/** Compensations run in the reverse order of the steps they undo. */
	private static List<Step> reverse(List<Step> steps) {
		List<Step> reversed = new ArrayList<>(steps);
		Collections.reverse(reversed);
		return reversed;
	}

	private static int indexOf(Phase phase) {
		for (int i = 0; i < STEPS.size(); i++) {
			if (STEPS.get(i).phase() == phase) {
				return i;
			}
		}
		return -1;
	}

}
