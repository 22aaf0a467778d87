package dev.sagashop.orders.checkout;

import java.util.List;

import dev.sagashop.orders.order.HistoryOutcome;
import dev.sagashop.orders.order.HistoryStep;

/**
 * What the saga decided on a reply or a deadline: its next state, the commands to send,
 * and what to note in the order's history.
 *
 * @param next the state after the transition
 * @param actions commands to send now, in order
 * @param history entries for the order's history
 * @param ignored {@code true} when the input changed nothing (a duplicate or late reply)
 */
public record Transition(SagaState next, List<Action> actions, List<HistoryNote> history, boolean ignored) {

	static Transition ignore(SagaState state) {
		return new Transition(state, List.of(), List.of(), true);
	}

	/**
	 * A line of the order's history.
	 *
	 * @param step what part of the order it is about
	 * @param outcome what happened, e.g. {@code CHARGED}
	 */
	public record HistoryNote(HistoryStep step, HistoryOutcome outcome) {
	}

}
