package dev.sagashop.orders.checkout;

import java.time.Duration;
import java.time.Instant;
import java.util.Set;

import dev.sagashop.orders.order.FailureReason;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The checkout saga's metrics: started, confirmed, rejected by reason, duration (a
 * histogram, so p50/p99 can be read across instances), compensations sent and deadlines
 * that expired. Counted after commit only: a rolled-back transition happened nowhere.
 */
@Component
class SagaMetrics {

	private static final Set<Action> COMPENSATIONS = Set.of(Action.REFUND_PAYMENT, Action.RELEASE_STOCK,
			Action.CANCEL_SHIPMENT);

	private final MeterRegistry meters;

	private final Counter started;

	SagaMetrics(MeterRegistry meters) {
		this.meters = meters;
		this.started = Counter.builder("sagashop.saga.started").description("Checkout sagas started").register(meters);
	}

	void started() {
		afterCommit(this.started::increment);
	}

	void finished(Phase outcome, FailureReason reason, Instant placedAt, Instant now) {
		Duration took = (placedAt != null) ? Duration.between(placedAt, now) : Duration.ZERO;
		afterCommit(() -> {
			if (outcome == Phase.CONFIRMED) {
				increment("sagashop.saga.confirmed", "Checkout sagas that ended CONFIRMED");
			}
			else {
				increment("sagashop.saga.rejected", "Checkout sagas that ended REJECTED, by reason", "reason",
						String.valueOf(reason));
			}
			Timer.builder("sagashop.saga.duration")
				.description("From placing an order to its final state")
				.tag("outcome", outcome.name())
				.publishPercentileHistogram()
				.register(this.meters)
				.record(took);
		});
	}

	void sent(Action action) {
		if (COMPENSATIONS.contains(action)) {
			afterCommit(() -> increment("sagashop.saga.compensations", "Compensating commands sent, by action",
					"action", action.name()));
		}
	}

	void deadlineExpired(Phase phase) {
		afterCommit(() -> increment("sagashop.saga.deadline.expired",
				"Saga steps that got no reply before their deadline, by phase", "phase", phase.name()));
	}

	private void increment(String name, String description, String... tags) {
		Counter.builder(name).description(description).tags(tags).register(this.meters).increment();
	}

	private static void afterCommit(Runnable count) {
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
