package dev.sagashop.loadtests;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * After the load: every order of the bench's product final, and the contract's
 * invariants, read from each service's database: a CONFIRMED order is paid exactly its
 * total and has one shipment scheduled or dispatched; a REJECTED one (a deadline may pass
 * under overload) or a CANCELLED one is paid nothing net and has none; the stock went
 * down by the confirmed units.
 */
final class Reconciliation {

	/** The bench product's orders (the parameter is its sku). */
	private static final String ORDERS_OF_SKU = "FROM orders o JOIN order_items i ON i.order_id = o.id WHERE i.sku = ? ";

	/** The bench product's stock when created, and each order's total. */
	static final long STOCK = 10_000_000;

	static final long PRICE = 100;

	private final Stack stack;

	Reconciliation(Stack stack) {
		this.stack = stack;
	}

	/**
	 * @param confirmed orders CONFIRMED
	 * @param rejected orders REJECTED
	 * @param notFinal orders not final when the wait ended
	 * @param netPaidWrong final orders whose net payment is not what their status says
	 * @param shipmentsWrong final orders whose shipments are not what their status says
	 * @param stockRight the stock is down by the confirmed units
	 * @param ok all of it holds
	 */
	record Result(long confirmed, long rejected, long notFinal, long netPaidWrong, long shipmentsWrong,
			boolean stockRight, boolean ok) {

	}

	Result check(String sku) throws Exception {
		long pending = awaitAllFinal(sku, Duration.ofSeconds(120));
		Map<String, String> finalOrders = statuses(sku);
		long confirmed = finalOrders.values().stream().filter("CONFIRMED"::equals).count();
		long rejected = finalOrders.values().stream().filter("REJECTED"::equals).count();
		long netPaidWrong = 0;
		long shipmentsWrong = 0;
		try (Connection payments = this.stack.database("payments");
				Connection shipping = this.stack.database("shipping");
				PreparedStatement paid = payments.prepareStatement("SELECT coalesce(sum(CASE WHEN type = 'CHARGE' "
						+ "THEN amount ELSE -amount END), 0) FROM payments WHERE order_id = ?::uuid AND status = 'SUCCEEDED'");
				PreparedStatement shipped = shipping.prepareStatement(
						"SELECT count(*) FROM shipments WHERE order_id = ?::uuid AND status IN ('SCHEDULED', 'DISPATCHED')")) {
			for (Map.Entry<String, String> order : finalOrders.entrySet()) {
				boolean isConfirmed = "CONFIRMED".equals(order.getValue());
				netPaidWrong += (single(paid, order.getKey()) == (isConfirmed ? PRICE : 0)) ? 0 : 1;
				shipmentsWrong += (single(shipped, order.getKey()) == (isConfirmed ? 1 : 0)) ? 0 : 1;
			}
		}
		long available = count("inventory", "SELECT available FROM products WHERE sku = ?", sku);
		boolean stockRight = available == STOCK - confirmed;
		boolean ok = pending == 0 && netPaidWrong == 0 && shipmentsWrong == 0 && stockRight;
		System.out.printf(
				"  %d orders CONFIRMED, %d REJECTED, %d not final; paid wrong: %d, shipments wrong: %d, "
						+ "stock %s%n",
				confirmed, rejected, pending, netPaidWrong, shipmentsWrong,
				stockRight ? "right" : "WRONG (" + available + ")");
		return new Result(confirmed, rejected, pending, netPaidWrong, shipmentsWrong, stockRight, ok);
	}

	/**
	 * Waits until every order of the bench's product is final: the stack is quiet again.
	 * @return how many are not final when the time is up
	 */
	long awaitAllFinal(String sku, Duration atMost) throws Exception {
		long deadline = System.nanoTime() + atMost.toNanos();
		while (true) {
			long pending = count("orders",
					"SELECT count(*) " + ORDERS_OF_SKU + "AND o.status NOT IN ('CONFIRMED', 'REJECTED', 'CANCELLED')",
					sku);
			if (pending == 0 || System.nanoTime() > deadline) {
				return pending;
			}
			Thread.sleep(1000);
		}
	}

	private static long single(PreparedStatement query, String orderId) throws Exception {
		query.setString(1, orderId);
		try (ResultSet result = query.executeQuery()) {
			result.next();
			return result.getLong(1);
		}
	}

	private Map<String, String> statuses(String sku) throws Exception {
		Map<String, String> statuses = new LinkedHashMap<>();
		try (Connection connection = this.stack.database("orders");
				PreparedStatement statement = connection.prepareStatement("SELECT o.id, o.status " + ORDERS_OF_SKU)) {
			statement.setString(1, sku);
			try (ResultSet result = statement.executeQuery()) {
				while (result.next()) {
					statuses.put(result.getString(1), result.getString(2));
				}
			}
		}
		return statuses;
	}

	private long count(String database, String sql, String parameter) throws Exception {
		try (Connection connection = this.stack.database(database);
				PreparedStatement statement = connection.prepareStatement(sql)) {
			statement.setString(1, parameter);
			try (ResultSet result = statement.executeQuery()) {
				return result.next() ? result.getLong(1) : 0;
			}
		}
	}

}
