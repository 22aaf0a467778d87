package dev.sagashop.orders.checkout;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

import dev.sagashop.orders.order.FailureReason;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The sagas' metrics: checkouts started, confirmed, rejected by reason, cancelled,
 * duration (a histogram, so p50/p99 can be read across instances), compensations sent,
 * deadlines that expired, cancellations asked for and how they ended. Counted after
 * commit only: a rolled-back transition happened nowhere.
 */
@Component
class SagaMetrics {

	private static final Set<Action> COMPENSATIONS = Set.of(Action.REFUND_PAYMENT, Action.RELEASE_STOCK,
			Action.CANCEL_SHIPMENT);

	private final MeterRegistry meters;

	private static final String CONFIRMED = "sagashop.saga.confirmed";

	private static final String CONFIRMED_HELP = "Checkout sagas that ended CONFIRMED";

	private static final String REJECTED = "sagashop.saga.rejected";

	private static final String REJECTED_HELP = "Checkout sagas that ended REJECTED, by reason";

	private static final String CANCELLED = "sagashop.saga.cancelled";

	private static final String CANCELLED_HELP = "Checkout sagas that ended CANCELLED (the customer cancelled "
			+ "while the checkout ran)";

	private static final String CANCELLATIONS = "sagashop.saga.cancellations";

	private static final String CANCELLATIONS_HELP = "Cancellations of confirmed orders that ended, by outcome "
			+ "(CANCELLED, or CONFIRMED when the parcel had left)";

	private static final String COMPENSATED = "sagashop.saga.compensations";

	private static final String COMPENSATED_HELP = "Compensating commands sent, by action";

	private static final String EXPIRED = "sagashop.saga.deadline.expired";

	private static final String EXPIRED_HELP = "Saga steps that got no reply before their deadline, by phase";

	private static final String RESENT = "sagashop.saga.commands.resent";

	private static final String RESENT_HELP = "Commands sent again while their step or compensation waited, by action";

	private final Counter started;

	private final Counter cancellationsRequested;

	SagaMetrics(MeterRegistry meters) {
		this.meters = meters;
		this.started = Counter.builder("sagashop.saga.started").description("Checkout sagas started").register(meters);
		this.cancellationsRequested = Counter.builder("sagashop.saga.cancellations.requested")
			.description("Cancellations accepted (of running checkouts and of confirmed orders)")
			.register(meters);
		counter(CANCELLED, CANCELLED_HELP);
		for (Phase outcome : List.of(Phase.CANCELLED, Phase.CONFIRMED)) {
			counter(CANCELLATIONS, CANCELLATIONS_HELP, "outcome", outcome.name());
		}
		// Every series exists from the start at 0, so that a dashboard's rate() shows
		// 0, not "no data", until the first rejection, compensation or expiry.
		counter(CONFIRMED, CONFIRMED_HELP);
		for (FailureReason reason : FailureReason.values()) {
			counter(REJECTED, REJECTED_HELP, "reason", reason.name());
		}
		for (Action action : COMPENSATIONS) {
			counter(COMPENSATED, COMPENSATED_HELP, "action", action.name());
		}
		for (Action action : Action.values()) {
			counter(RESENT, RESENT_HELP, "action", action.name());
		}
		for (Phase phase : Phase.values()) {
			if (!phase.isFinal()) {
				counter(EXPIRED, EXPIRED_HELP, "phase", phase.name());
			}
		}
		for (Phase outcome : List.of(Phase.CONFIRMED, Phase.REJECTED, Phase.CANCELLED)) {
			duration(outcome);
		}
	}

	void started() {
		afterCommit(this.started::increment);
	}

	void finished(Phase outcome, FailureReason reason, Instant placedAt, Instant now) {
		Duration took = (placedAt != null) ? Duration.between(placedAt, now) : Duration.ZERO;
		afterCommit(() -> {
			if (outcome == Phase.CONFIRMED) {
				counter(CONFIRMED, CONFIRMED_HELP).increment();
			}
			else if (outcome == Phase.CANCELLED) {
				counter(CANCELLED, CANCELLED_HELP).increment();
			}
			else {
				counter(REJECTED, REJECTED_HELP, "reason", String.valueOf(reason)).increment();
			}
			duration(outcome).record(took);
		});
	}

	void cancellationRequested() {
		afterCommit(this.cancellationsRequested::increment);
	}

	void cancellationEnded(Phase outcome) {
		afterCommit(() -> counter(CANCELLATIONS, CANCELLATIONS_HELP, "outcome", outcome.name()).increment());
	}

	void sent(Action action) {
		if (COMPENSATIONS.contains(action)) {
			afterCommit(() -> counter(COMPENSATED, COMPENSATED_HELP, "action", action.name()).increment());
		}
	}

	void resent(Action action) {
		afterCommit(() -> counter(RESENT, RESENT_HELP, "action", action.name()).increment());
	}

	void deadlineExpired(Phase phase) {
		afterCommit(() -> counter(EXPIRED, EXPIRED_HELP, "phase", phase.name()).increment());
	}

	private Counter counter(String name, String description, String... tags) {
		return Counter.builder(name).description(description).tags(tags).register(this.meters);
	}

	private Timer duration(Phase outcome) {
		return Timer.builder("sagashop.saga.duration")
			.description("From placing an order to its final state")
			.tag("outcome", outcome.name())
			.publishPercentileHistogram()
			.register(this.meters);
	}

	/** Runs a count once the transaction commits (at once outside one). */
	static void afterCommit(Runnable count) {
		if (!TransactionSynchronizationManager.isSynchronizationActive()) {
			count.run();
			return;
		}
		TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {

			@Override
			public void afterCommit() {
				count.run();
			}

		});
	}

}
