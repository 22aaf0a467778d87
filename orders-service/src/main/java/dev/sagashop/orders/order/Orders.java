package dev.sagashop.orders.order;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageImpl;
import org.springframework.data.domain.Pageable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * All orders, in plain SQL (ADR 16): an order is inserted once with its lines, and
 * afterwards only its status changes and history entries are added.
 */
@Repository
public class Orders {

	private static final String COLUMNS = "id, customer_id, status, total, currency, failure_reason, version, "
			+ "created_at, updated_at, ship_name, ship_line1, ship_city, ship_postal_code, ship_country";

	private final JdbcClient jdbc;

	Orders(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	public Optional<Order> findById(UUID id) {
		List<Order> found = load(this.jdbc.sql("SELECT " + COLUMNS + " FROM orders WHERE id = ?").param(id));
		return found.stream().findFirst();
	}

	/** A customer's orders, the newest first. */
	public Page<Order> findByCustomerIdOrderByCreatedAtDesc(String customerId, Pageable pageable) {
		List<Order> page = load(this.jdbc
			.sql("SELECT " + COLUMNS + " FROM orders WHERE customer_id = ? ORDER BY created_at DESC, id "
					+ "LIMIT ? OFFSET ?") // LIMIT NULL: every order, when unpaged
			.params(customerId, pageable.isPaged() ? pageable.getPageSize() : null,
					pageable.isPaged() ? pageable.getOffset() : 0));
		long total = this.jdbc.sql("SELECT count(*) FROM orders WHERE customer_id = ?")
			.param(customerId)
			.query(Long.class)
			.single();
		return new PageImpl<>(page, pageable, total);
	}

	/**
	 * Writes a new order with its lines and history.
	 * @return the same order
	 */
	public Order save(Order order) {
		ShippingAddress address = order.getShippingAddress();
		this.jdbc.sql("INSERT INTO orders (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, 0, ?, ?, ?, ?, ?, ?, ?)")
			.params(order.getId(), order.getCustomerId(), order.getStatus().name(), order.getTotal(),
					order.getCurrency(), name(order.getFailureReason()), utc(order.getCreatedAt()),
					utc(order.getUpdatedAt()), address.name(), address.line1(), address.city(), address.postalCode(),
					address.country())
			.update();
		List<OrderLine> items = order.getItems();
		for (int lineNo = 0; lineNo < items.size(); lineNo++) {
			OrderLine line = items.get(lineNo);
			this.jdbc
				.sql("INSERT INTO order_items (order_id, line_no, sku, quantity, unit_price) VALUES (?, ?, ?, ?, ?)")
				.params(order.getId(), lineNo, line.sku(), line.quantity(), line.unitPrice())
				.update();
		}
		insertHistory(order);
		order.stored(0);
		return order;
	}

	/**
	 * Writes what changed since the order was read or written: its status and the history
	 * entries added. Nothing when nothing changed.
	 * @throws OptimisticLockingFailureException when somebody else changed it meanwhile
	 */
	public void update(Order order) {
		if (!order.isChanged()) {
			return;
		}
		int updated = this.jdbc
			.sql("UPDATE orders SET status = ?, failure_reason = ?, updated_at = ?, version = version + 1 "
					+ "WHERE id = ? AND version = ?")
			.params(order.getStatus().name(), name(order.getFailureReason()), utc(order.getUpdatedAt()), order.getId(),
					order.getVersion())
			.update();
		if (updated != 1) {
			throw new OptimisticLockingFailureException("Order " + order.getId() + " was changed since it was read");
		}
		insertHistory(order);
		order.stored(order.getVersion() + 1);
	}

	private void insertHistory(Order order) {
		int seq = order.getStoredHistory();
		for (HistoryEntry entry : order.getUnstoredHistory()) {
			this.jdbc.sql("INSERT INTO order_history (order_id, seq, step, outcome, at) VALUES (?, ?, ?, ?, ?)")
				.params(order.getId(), seq++, entry.step(), entry.outcome(), utc(entry.at()))
				.update();
		}
	}

	/** The orders the statement selects, with their lines and history, in its order. */
	private List<Order> load(JdbcClient.StatementSpec orders) {
		List<OrderRow> rows = orders.query(Orders::orderRow).list();
		if (rows.isEmpty()) {
			return List.of();
		}
		UUID[] ids = rows.stream().map(OrderRow::id).toArray(UUID[]::new);
		Map<UUID, List<OrderLine>> items = new HashMap<>();
		this.jdbc
			.sql("SELECT order_id, sku, quantity, unit_price FROM order_items WHERE order_id = ANY (?) "
					+ "ORDER BY order_id, line_no")
			.param(ids)
			.query((ResultSet row) -> {
				items.computeIfAbsent(row.getObject("order_id", UUID.class), (id) -> new ArrayList<>())
					.add(new OrderLine(row.getString("sku"), row.getInt("quantity"), row.getLong("unit_price")));
			});
		Map<UUID, List<HistoryEntry>> history = new HashMap<>();
		this.jdbc
			.sql("SELECT order_id, step, outcome, at FROM order_history WHERE order_id = ANY (?) "
					+ "ORDER BY order_id, seq")
			.param(ids)
			.query((ResultSet row) -> {
				history.computeIfAbsent(row.getObject("order_id", UUID.class), (id) -> new ArrayList<>())
					.add(new HistoryEntry(row.getString("step"), row.getString("outcome"), instant(row, "at")));
			});
		return rows.stream()
			.map((row) -> row.order(items.getOrDefault(row.id(), List.of()), history.getOrDefault(row.id(), List.of())))
			.toList();
	}

	private static OrderRow orderRow(ResultSet row, int number) throws SQLException {
		String failureReason = row.getString("failure_reason");
		return new OrderRow(row.getObject("id", UUID.class), row.getString("customer_id"),
				OrderStatus.valueOf(row.getString("status")), row.getLong("total"), row.getString("currency"),
				(failureReason != null) ? FailureReason.valueOf(failureReason) : null, row.getLong("version"),
				instant(row, "created_at"), instant(row, "updated_at"), shippingAddress(row));
	}

	/** Where the order goes; none for an order written before addresses were (V3). */
	private static ShippingAddress shippingAddress(ResultSet row) throws SQLException {
		String name = row.getString("ship_name");
		return (name != null) ? new ShippingAddress(name, row.getString("ship_line1"), row.getString("ship_city"),
				row.getString("ship_postal_code"), row.getString("ship_country")) : null;
	}

	private static Instant instant(ResultSet row, String column) throws SQLException {
		return row.getObject(column, OffsetDateTime.class).toInstant();
	}

	private static OffsetDateTime utc(Instant instant) {
		return instant.atOffset(ZoneOffset.UTC);
	}

	private static String name(Enum<?> value) {
		return (value != null) ? value.name() : null;
	}

	/** The columns of one order, before its lines and history are read. */
	private record OrderRow(UUID id, String customerId, OrderStatus status, long total, String currency,
			FailureReason failureReason, long version, Instant createdAt, Instant updatedAt,
			ShippingAddress shippingAddress) {

		Order order(List<OrderLine> items, List<HistoryEntry> history) {
			return new Order(this.id, this.customerId, this.status, items, history, this.shippingAddress, this.total,
					this.currency, this.failureReason, this.createdAt, this.updatedAt, this.version);
		}

	}

}
