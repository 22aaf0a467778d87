package dev.sagashop.platform.messaging;

import dev.sagashop.events.Envelope;
import dev.sagashop.events.TimeOrderedIds;

import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Sends messages as part of the current database transaction: the row is written with the
 * state change, and the message leaves right after commit. A message whose send did not
 * complete (crash, broker down) stays in the table until the relay's sweeper sends it.
 */
public class Outbox {

	private final TransactionWrites writes;

	private final MessageCodec codec;

	private final OutboxRelay relay;

	private final TraceContexts traces;

	public Outbox(TransactionWrites writes, MessageCodec codec, OutboxRelay relay, TraceContexts traces) {
		this.writes = writes;
		this.codec = codec;
		this.relay = relay;
		this.traces = traces;
	}

	/**
	 * Adds a message to the current transaction.
	 * @param topic where it goes
	 * @param envelope the message; its order id is the record key
	 * @throws IllegalStateException outside a transaction, where atomicity cannot hold
	 */
	public void send(String topic, Envelope<?> envelope) {
		// The trace context goes with the row: the message may leave long after this
		// transaction's span ended (the sweeper, after a crash), still in the same trace.
		enqueue(new OutboxMessage(envelope.messageId(), topic, envelope.key(), this.codec.encode(envelope),
				this.traces.capture()));
	}

	/**
	 * Adds a record as it is, under a new row id: a dead letter sent again to its topic.
	 * @param topic where it goes
	 * @param key its record key
	 * @param payload its value, unchanged
	 */
	void sendAsIs(String topic, String key, String payload) {
		enqueue(new OutboxMessage(TimeOrderedIds.next(), topic, key, payload, this.traces.capture()));
	}

	private void enqueue(OutboxMessage message) {
		if (!TransactionSynchronizationManager.isSynchronizationActive()) {
			throw new IllegalStateException(
					"The outbox needs a transaction: the message and the state change must commit together");
		}
		// The database's clock, which the sweeper compares with: an instance whose own
		// clock runs ahead or behind neither resends fresh rows nor leaves old ones. The
		// row is written with the transaction's other deferred writes, at its commit.
		this.writes.defer(
				"INSERT INTO outbox (id, topic, record_key, payload, trace_context, created_at) "
						+ "VALUES (?, ?, ?, ?, ?, clock_timestamp())",
				message.id(), message.topic(), message.key(), message.payload(), message.traceContext());
		TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {

			@Override
			public void afterCommit() {
				Outbox.this.relay.publish(message);
			}

		});
	}

}
