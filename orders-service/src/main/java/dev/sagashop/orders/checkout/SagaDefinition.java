package dev.sagashop.orders.checkout;

import java.util.List;
import java.util.Objects;

/**
 * A saga as data: its steps in order, where it ends when every step succeeded or one was
 * refused, and whether a step's deadline gives up on it. {@link SagaDecisions} runs every
 * definition the same way.
 *
 * @param steps the steps, in order
 * @param succeeded the phase after the last step succeeded
 * @param refused the phase after a step was refused and the steps before it were undone
 * @param stepsExpire {@code true}: a step unanswered past its deadline is given up and
 * undone with the steps before it; {@code false}: its command is resent until answered
 */
record SagaDefinition(List<SagaStep> steps, Phase succeeded, Phase refused, boolean stepsExpire) {

	SagaDefinition {
		steps = List.copyOf(steps);
		for (SagaStep step : steps) {
			Objects.requireNonNull(step.phase(), () -> step.name() + " needs runsIn");
			Objects.requireNonNull(step.action(), () -> step.name() + " needs sends");
			Objects.requireNonNull(step.success(), () -> step.name() + " needs succeedsOn");
		}
	}

	/** The index of the step that waits in this phase, or -1. */
	int indexOf(Phase phase) {
		for (int i = 0; i < this.steps.size(); i++) {
			if (this.steps.get(i).phase() == phase) {
				return i;
			}
		}
		return -1;
	}

	SagaStep first() {
		return this.steps.get(0);
	}

}
