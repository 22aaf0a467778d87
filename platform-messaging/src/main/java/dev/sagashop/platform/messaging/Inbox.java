package dev.sagashop.platform.messaging;

import java.util.UUID;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Remembers every message a service has handled, in the transaction of its effect, so
 * that a redelivered message changes nothing.
 */
public class Inbox {

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
		return this.jdbc.update("INSERT INTO inbox (message_id, received_at) VALUES (?, now()) ON CONFLICT DO NOTHING",
				messageId) == 1;
	}

}
