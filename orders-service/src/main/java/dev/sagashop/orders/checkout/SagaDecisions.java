package dev.sagashop.orders.checkout;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import dev.sagashop.events.Reply;
import dev.sagashop.events.ShipmentDispatched;
import dev.sagashop.orders.checkout.SagaStep.Compensation;
import dev.sagashop.orders.checkout.Transition.HistoryNote;
import dev.sagashop.orders.order.HistoryOutcome;
import dev.sagashop.orders.order.HistoryStep;
import dev.sagashop.orders.order.FailureReason;

/**
 * Runs the order's sagas ({@link OrderSagas}) as their definitions say. Decisions only;
 * the orchestrator persists them and sends the commands.
 * <ul>
 * <li>A step's success starts the next step; after the last, the saga ends as its
 * definition says ({@code CONFIRMED}, {@code CANCELLED}).</li>
 * <li>A step's refusal undoes the steps before it (a refused step did nothing), then ends
 * as refused ({@code REJECTED}; a cancellation refused leaves the order
 * {@code CONFIRMED}).</li>
 * <li>While a step waits, its command is resent now and then (participants answer a
 * repeated command as they did the first time).</li>
 * <li>A checkout step's deadline undoes the steps before it and the step itself (it may
 * have happened); participants leave a tombstone, so a late command has no effect.</li>
 * <li>Compensations go out together and are resent until all are confirmed; only then is
 * the order rejected. One that can be refused (the parcel may have left) goes first,
 * alone: if it is refused, nothing has been undone and the order is confirmed.</li>
 * <li>A cancellation asked for during the checkout waits for the step's answer, then
 * undoes everything done so far, and the order ends {@code CANCELLED}.</li>
 * <li>Any other reply (duplicate, late) changes nothing.</li>
 * </ul>
 */
public final class SagaDecisions {

	private static final SagaDefinition CHECKOUT = OrderSagas.CHECKOUT;

	/** The state and command of a new checkout. */
	public Transition start() {
		SagaStep first = CHECKOUT.first();
		return new Transition(SagaState.at(first.phase()), List.of(first.action()), List.of(), false);
	}

	/**
	 * Decides what a participant's reply does.
	 * @param state the saga's current state
	 * @param reply the reply
	 * @return the transition
	 */
	public Transition onReply(SagaState state, Reply reply) {
		if (reply instanceof ShipmentDispatched && state.phase() == Phase.CONFIRMED) {
			// The news that the parcel left: noted once; the order can
			// no longer be cancelled.
			return state.dispatched() ? Transition.ignore(state) : new Transition(state.withDispatched(), List.of(),
					List.of(new HistoryNote(HistoryStep.SHIPPING, HistoryOutcome.DISPATCHED)), false);
		}
		Transition transition = decide(state, reply);
		if (reply instanceof ShipmentDispatched && !transition.ignored()) {
			// Whatever else it does, the saga now knows the parcel has left.
			return new Transition(transition.next().withDispatched(), transition.actions(), transition.history(),
					false);
		}
		return transition;
	}

	private Transition decide(SagaState state, Reply reply) {
		if (state.phase() == Phase.COMPENSATING) {
			return onCompensationReply(state, reply);
		}
		SagaDefinition saga = OrderSagas.runningIn(state.phase());
		if (saga == null) {
			return Transition.ignore(state);
		}
		int index = saga.indexOf(state.phase());
		SagaStep step = saga.steps().get(index);
		if (step.success().matches(reply)) {
			HistoryNote note = step.success().note();
			if (saga == CHECKOUT && state.cancelRequested()) {
				return compensate(CHECKOUT.steps().subList(0, index + 1), null, true, note);
			}
			if (index == saga.steps().size() - 1) {
				return new Transition(end(saga.succeeded(), state), List.of(), List.of(note), false);
			}
			SagaStep next = saga.steps().get(index + 1);
			return new Transition(new SagaState(next.phase(), null, Set.of(), state.cancelRequested(), false),
					List.of(next.action()), List.of(note), false);
		}
		if (step.failure() != null && step.failure().matches(reply)) {
			HistoryNote note = step.failure().note();
			if (saga == CHECKOUT) {
				return compensate(CHECKOUT.steps().subList(0, index), step.reason(), state.cancelRequested(), note);
			}
			// A cancellation's steps undo nothing: its refusal leaves the
			// order as it was.
			return new Transition(SagaState.at(saga.refused()), List.of(), List.of(note), false);
		}
		return Transition.ignore(state);
	}

	/**
	 * Decides what the customer's request to cancel does.
	 * @param state the saga's current state
	 * @return the transition; ignored when a cancellation is already under way or done
	 * @throws CancellationRefused when the order cannot be cancelled
	 */
	public Transition onCancel(SagaState state) {
		if (state.phase() == Phase.REJECTED) {
			throw new CancellationRefused("Order rejected", "A rejected order has nothing left to cancel.");
		}
		if (state.phase() == Phase.CANCELLED || state.cancelRequested()) {
			return Transition.ignore(state);
		}
		if (state.phase() == Phase.CONFIRMED) {
			if (state.dispatched()) {
				throw new CancellationRefused("Already dispatched",
						"The carrier has collected the parcel: the order can no longer be cancelled.");
			}
			SagaStep first = OrderSagas.CANCELLATION.first();
			return new Transition(new SagaState(first.phase(), null, Set.of(), true, false), List.of(first.action()),
					List.of(OrderSagas.CANCELLATION_REQUESTED), false);
		}
		// The checkout is running: it stops at its step's answer (or deadline) and undoes
		// what it did.
		return new Transition(state.withCancelRequested(), List.of(), List.of(OrderSagas.CANCELLATION_REQUESTED),
				false);
	}

	/**
	 * Decides what to send again while the saga still waits: the current step's command,
	 * or the compensations not yet confirmed. The state does not change.
	 * @param state the saga's current state
	 * @return the transition, ignored once final
	 */
	public Transition onResend(SagaState state) {
		if (state.phase() == Phase.COMPENSATING) {
			return new Transition(state, sendable(state.pendingCompensations()), List.of(), false);
		}
		SagaDefinition saga = OrderSagas.runningIn(state.phase());
		return (saga == null) ? Transition.ignore(state) : new Transition(state,
				List.of(saga.steps().get(saga.indexOf(state.phase())).action()), List.of(), false);
	}

	/**
	 * Decides what happens when the current step's deadline passes with no reply.
	 * @param state the saga's current state
	 * @return the transition
	 */
	public Transition onDeadline(SagaState state) {
		SagaDefinition saga = OrderSagas.runningIn(state.phase());
		if (saga == null || !saga.stepsExpire()) {
			return onResend(state);
		}
		int index = saga.indexOf(state.phase());
		return compensate(saga.steps().subList(0, index + 1), FailureReason.TIMEOUT, state.cancelRequested(),
				new HistoryNote(saga.steps().get(index).name(), HistoryOutcome.TIMED_OUT));
	}

	private Transition onCompensationReply(SagaState state, Reply reply) {
		for (SagaStep step : CHECKOUT.steps()) {
			Compensation undo = step.compensation();
			if (!state.pendingCompensations().contains(undo.action())) {
				continue;
			}
			if (undo.done().matches(reply)) {
				Set<Action> pending = EnumSet.noneOf(Action.class);
				pending.addAll(state.pendingCompensations());
				pending.remove(undo.action());
				HistoryNote note = undo.done().note();
				if (pending.isEmpty()) {
					return new Transition(end(CHECKOUT.refused(), state), List.of(), List.of(note), false);
				}
				// The others waited for the one that could be refused.
				List<Action> now = undo.mayBeRefused() ? sendable(pending) : List.of();
				return new Transition(new SagaState(Phase.COMPENSATING, state.failureReason(), pending,
						state.cancelRequested(), state.dispatched()), now, List.of(note), false);
			}
			if (undo.refusedBy(reply)) {
				// Too late to undo: the parcel has left, nothing else was undone, and the
				// order is complete after all.
				HistoryNote note = state.cancelRequested()
						? new HistoryNote(HistoryStep.CANCELLATION, HistoryOutcome.REFUSED)
						: new HistoryNote(step.name(), HistoryOutcome.DISPATCHED);
				return new Transition(SagaState.at(CHECKOUT.succeeded()), List.of(), List.of(note), false);
			}
		}
		return Transition.ignore(state);
	}

	/**
	 * Where a saga that reached an end of its definition stands: a checkout the customer
	 * cancelled ends {@code CANCELLED}, without a failure reason.
	 */
	private static SagaState end(Phase outcome, SagaState state) {
		if (state.cancelRequested() && outcome != Phase.CONFIRMED) {
			return SagaState.at(Phase.CANCELLED);
		}
		return new SagaState(outcome, (outcome == Phase.REJECTED) ? state.failureReason() : null, Set.of());
	}

	private static Transition compensate(List<SagaStep> done, FailureReason reason, boolean cancelled,
			HistoryNote note) {
		SagaState failing = new SagaState(Phase.COMPENSATING, reason, Set.of(), cancelled, false);
		if (done.isEmpty()) {
			return new Transition(end(CHECKOUT.refused(), failing), List.of(), List.of(note), false);
		}
		Set<Action> undo = EnumSet.noneOf(Action.class);
		done.forEach((step) -> undo.add(step.compensation().action()));
		return new Transition(new SagaState(Phase.COMPENSATING, reason, undo, cancelled, false), sendable(undo),
				List.of(note), false);
	}

	/**
	 * What of the pending compensations to send now, in the reverse order of their steps:
	 * one that can be refused alone, else all.
	 */
	private static List<Action> sendable(Set<Action> pending) {
		List<Compensation> waiting = new ArrayList<>();
		for (SagaStep step : CHECKOUT.steps()) {
			if (pending.contains(step.compensation().action())) {
				waiting.add(step.compensation());
			}
		}
		Collections.reverse(waiting);
		List<Compensation> first = waiting.stream().filter(Compensation::mayBeRefused).toList();
		return (first.isEmpty() ? waiting : first).stream().map(Compensation::action).toList();
	}

}
