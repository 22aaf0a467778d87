package dev.sagashop.platform.messaging;

import java.sql.ResultSet;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * One order's lock in a participant's database: everything a participant does to one
 * order (a command, its compensation, a redelivery of either) waits for the transaction
 * that holds it, even across instances.
 */
public final class OrderLocks {

	private OrderLocks() {
	}

	/**
	 * Takes the order's advisory lock until the current transaction ends.
	 * @param jdbc the participant's database
	 * @param orderId the order
	 */
	public static void lock(JdbcClient jdbc, UUID orderId) {
		jdbc.sql("SELECT pg_advisory_xact_lock(hashtextextended(CAST(? AS text), 0))")
			.param(orderId)
			.query((ResultSet row) -> {
			});
	}

}
