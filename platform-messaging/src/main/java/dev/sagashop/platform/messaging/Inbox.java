package dev.sagashop.platform.messaging;

import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Set;
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
	 * Records messages as handled, within the current transaction, in one statement.
	 * @param messageIds the envelopes' ids (a poll's)
	 * @return the ones seen for the first time; the others were handled before
	 */
	public Set<UUID> firstDeliveries(Collection<UUID> messageIds) {
		Object[] distinct = new LinkedHashSet<>(messageIds).toArray();
		return new HashSet<>(this.jdbc.query(
				"INSERT INTO inbox (message_id, received_at) SELECT id, now() FROM unnest(?) AS id "
						+ "ON CONFLICT DO NOTHING RETURNING message_id",
				(statement) -> statement.setArray(1, statement.getConnection().createArrayOf("uuid", distinct)),
				(row, number) -> row.getObject(1, UUID.class)));
	}

}
