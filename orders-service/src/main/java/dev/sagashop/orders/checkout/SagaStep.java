package dev.sagashop.orders.checkout;

import java.util.Objects;

import dev.sagashop.events.Reply;
import dev.sagashop.orders.checkout.Transition.HistoryNote;
import dev.sagashop.orders.order.FailureReason;
import dev.sagashop.orders.order.HistoryOutcome;
import dev.sagashop.orders.order.HistoryStep;

/**
 * One step of a saga, written from named parts: <pre>
 * step(STOCK).runsIn(RESERVING_STOCK).sends(RESERVE_STOCK)
 *     .succeedsOn(StockReserved.class, RESERVED)
 *     .failsOn(StockUnavailable.class, UNAVAILABLE, OUT_OF_STOCK)
 *     .undoneBy(RELEASE_STOCK, StockReleased.class, RELEASED)
 * </pre>
 *
 * @param name the step's name in the order's history
 * @param phase the saga's phase while the step waits
 * @param action the command that performs it
 * @param success the reply that completes it, and its history entry
 * @param failure the reply that refuses it (the step then did nothing), or {@code null}
 * when it cannot be refused
 * @param reason the order's failure reason when it is refused, {@code null} for none
 * @param compensation how it is undone, or {@code null} when it is never undone
 */
record SagaStep(HistoryStep name, Phase phase, Action action, Outcome success, Outcome failure, FailureReason reason,
		Compensation compensation) {

	/**
	 * A reply and the history entry it makes.
	 *
	 * @param reply the reply's type
	 * @param note the entry
	 */
	record Outcome(Class<? extends Reply> reply, HistoryNote note) {

		boolean matches(Reply received) {
			return this.reply.isInstance(received);
		}

	}

	/**
	 * How a step is undone.
	 *
	 * @param action the command that undoes it
	 * @param done the reply that confirms it is undone, and its history entry
	 * @param refusal the reply that says it can no longer be undone, or {@code null} when
	 * it always can. A compensation that can be refused is sent alone, before the others:
	 * if it is refused, nothing else has been undone.
	 */
	record Compensation(Action action, Outcome done, Class<? extends Reply> refusal) {

		boolean mayBeRefused() {
			return this.refusal != null;
		}

		boolean refusedBy(Reply received) {
			return this.refusal != null && this.refusal.isInstance(received);
		}

	}

	/** A step with a name and nothing else yet. */
	static SagaStep step(HistoryStep name) {
		return new SagaStep(Objects.requireNonNull(name, "name"), null, null, null, null, null, null);
	}

	SagaStep runsIn(Phase phase) {
		return new SagaStep(this.name, phase, this.action, this.success, this.failure, this.reason, this.compensation);
	}

	SagaStep sends(Action action) {
		return new SagaStep(this.name, this.phase, action, this.success, this.failure, this.reason, this.compensation);
	}

	SagaStep succeedsOn(Class<? extends Reply> reply, HistoryOutcome outcome) {
		return new SagaStep(this.name, this.phase, this.action, new Outcome(reply, new HistoryNote(this.name, outcome)),
				this.failure, this.reason, this.compensation);
	}

	SagaStep failsOn(Class<? extends Reply> reply, HistoryOutcome outcome, FailureReason reason) {
		return failsOn(reply, new HistoryNote(this.name, outcome), reason);
	}

	SagaStep failsOn(Class<? extends Reply> reply, HistoryNote note, FailureReason reason) {
		return new SagaStep(this.name, this.phase, this.action, this.success, new Outcome(reply, note), reason,
				this.compensation);
	}

	SagaStep undoneBy(Action action, Class<? extends Reply> reply, HistoryOutcome outcome) {
		return new SagaStep(this.name, this.phase, this.action, this.success, this.failure, this.reason,
				new Compensation(action, new Outcome(reply, new HistoryNote(this.name, outcome)), null));
	}

	/** The compensation can be refused by this reply; needs {@link #undoneBy} first. */
	SagaStep unlessAlready(Class<? extends Reply> refusal) {
		Compensation undo = Objects.requireNonNull(this.compensation, "undoneBy first");
		return new SagaStep(this.name, this.phase, this.action, this.success, this.failure, this.reason,
				new Compensation(undo.action(), undo.done(), refusal));
	}

}
