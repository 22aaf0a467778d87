package dev.sagashop.platform.messaging;

import java.time.Duration;
import java.util.UUID;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Reaches into an {@link OutboxRelay} for the contract tests: the relay's batch steps,
 * which its scheduler otherwise runs on its own time.
 */
public final class OutboxRelayProbe {

	private final OutboxRelay relay;

	public OutboxRelayProbe(OutboxRelay relay) {
		this.relay = relay;
	}

	/**
	 * A relay of its own, not started, over the given template and database.
	 * @param kafka where it sends
	 * @param jdbc the outbox's database
	 * @param transactions transactions on that database
	 * @return a probe of it
	 */
	public static OutboxRelayProbe standalone(KafkaTemplate<String, String> kafka, JdbcTemplate jdbc,
			TransactionTemplate transactions) {
		return new OutboxRelayProbe(
				new OutboxRelay(kafka, jdbc, transactions, Duration.ofSeconds(2), new SimpleMeterRegistry(),
						new TraceContexts(io.micrometer.observation.ObservationRegistry.NOOP, null, null)));
	}

	public void start() {
		this.relay.start();
	}

	public void stop() {
		this.relay.stop();
	}

	/** Marks a row as sent right after commit, as the relay does when Kafka acks it. */
	public void sent(UUID id) {
		this.relay.sent(id);
	}

	public int deleteSent() {
		return this.relay.deleteSent();
	}

	public int sweep() {
		return this.relay.sweep();
	}

	/** Hands a committed message to the relay's sender, as an outbox commit does. */
	public void publish(UUID id, String topic, String payload) {
		this.relay.publish(new OutboxMessage(id, topic, id.toString(), payload, null));
	}

	public int queuedSends() {
		return this.relay.queuedSends();
	}

	public static int sendQueueBound() {
		return OutboxRelay.SEND_QUEUE;
	}

}
