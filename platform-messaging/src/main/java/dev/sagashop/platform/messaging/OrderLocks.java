package dev.sagashop.platform.messaging;

import java.sql.ResultSet;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * One order's lock in a participant's database: everything a participant does to one
 * order (a command, its compensation, a redelivery of either) waits for the transaction
 * that holds it, even across instances.
 * <p>
 * A transaction remembers the orders it locked, so that taking a lock it holds already
 * costs no round trip: a command's lock is taken by the statement that records it in the
 * inbox ({@link Inbox#firstDelivery(UUID, UUID)}), and the participant's own
 * {@link #lock} then finds it held.
 */
public final class OrderLocks {

	/**
	 * The SQL expression that takes an order's lock until the transaction ends; its one
	 * parameter is the order id.
	 */
	static final String LOCK = "pg_advisory_xact_lock(hashtextextended(CAST(? AS text), 0))";

	private OrderLocks() {
	}

	/**
	 * Takes the order's advisory lock until the current transaction ends, unless the
	 * transaction holds it already.
	 * @param jdbc the participant's database
	 * @param orderId the order
	 */
	public static void lock(JdbcClient jdbc, UUID orderId) {
		if (held(orderId)) {
			return;
		}
		jdbc.sql("SELECT " + LOCK).param(orderId).query((ResultSet row) -> {
		});
		taken(orderId);
	}

	/**
	 * Notes that a statement of the current transaction took the order's lock.
	 * @param orderId the order
	 */
	@SuppressWarnings("unchecked")
	static void taken(UUID orderId) {
		if (!TransactionSynchronizationManager.isSynchronizationActive()) {
			// Outside a transaction the lock ends with its statement: nothing to
			// remember.
			return;
		}
		Set<UUID> held = (Set<UUID>) TransactionSynchronizationManager.getResource(OrderLocks.class);
		if (held == null) {
			held = new HashSet<>();
			new TransactionResource(OrderLocks.class, held).bind();
		}
		held.add(orderId);
	}

	private static boolean held(UUID orderId) {
		Object held = TransactionSynchronizationManager.getResource(OrderLocks.class);
		return (held instanceof Set<?> orders) && orders.contains(orderId);
	}

}
