package dev.sagashop.platform.messaging;

import java.util.UUID;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Remembers every message a service has handled, in the transaction of its effect, so
 * that a redelivered message changes nothing.
 */
public class Inbox {

	private static final String RECORD = "INSERT INTO inbox (message_id, received_at) VALUES (?, now()) "
			+ "ON CONFLICT DO NOTHING";

	/**
	 * The same row, written once the order's lock is taken: the lock in the statement's
	 * source, which runs before its row is inserted.
	 */
	private static final String RECORD_LOCKED = "INSERT INTO inbox (message_id, received_at) SELECT CAST(? AS uuid), now() FROM "
			+ "(SELECT " + OrderLocks.LOCK + ") AS locked ON CONFLICT DO NOTHING";

	private final JdbcTemplate jdbc;

	public Inbox(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * Records the message as handled, within the current transaction.
	 * @param messageId the envelope's id
	 * @return {@code true} the first time, {@code false} for a message already handled
	 */
	public boolean firstDelivery(UUID messageId) {
		return this.jdbc.update(RECORD, messageId) == 1;
	}

	/**
	 * Takes the order's lock ({@link OrderLocks}) until the transaction ends and records
	 * the message as handled, in one statement: a participant's command costs one round
	 * trip for both.
	 * @param messageId the envelope's id
	 * @param orderId the order the message concerns
	 * @return {@code true} the first time, {@code false} for a message already handled
	 */
	public boolean firstDelivery(UUID messageId, UUID orderId) {
		boolean first = this.jdbc.update(RECORD_LOCKED, messageId, orderId) == 1;
		OrderLocks.taken(orderId);
		return first;
	}

}
