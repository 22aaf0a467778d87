package dev.sagashop.orders.order;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import dev.sagashop.platform.messaging.TransactionWrites;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

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

	/**
	 * An order's columns, its lines and its history, all in one row: the lines and the
	 * history as JSON arrays (each entry's time in microseconds since the epoch, exact).
	 */
	private static final String SELECT = "SELECT " + COLUMNS + ", "
			+ "(SELECT json_agg(json_build_array(i.sku, i.quantity, i.unit_price) ORDER BY i.line_no) "
			+ "FROM order_items i WHERE i.order_id = o.id) AS lines, "
			+ "(SELECT json_agg(json_build_array(h.step, h.outcome, (extract(epoch FROM h.at) * 1000000)::bigint) "
			+ "ORDER BY h.seq) FROM order_history h WHERE h.order_id = o.id) AS history FROM orders o ";

	private final JdbcClient jdbc;

	private final JsonMapper json;

	private final TransactionWrites writes;

	Orders(JdbcClient jdbc, JsonMapper json, TransactionWrites writes) {
		this.jdbc = jdbc;
		this.json = json;
		this.writes = writes;
	}

	public Optional<Order> findById(UUID id) {
		List<Order> found = load(this.jdbc.sql(SELECT + "WHERE o.id = ?").param(id));
		return found.stream().findFirst();
	}

	/** A customer's orders, the newest first. */
	public Page<Order> findByCustomerIdOrderByCreatedAtDesc(String customerId, Pageable pageable) {
		List<Order> page = load(this.jdbc
			// LIMIT NULL: every order, when unpaged
			.sql(SELECT + "WHERE o.customer_id = ? ORDER BY o.created_at DESC, o.id LIMIT ? OFFSET ?")
			.params(customerId, pageable.isPaged() ? pageable.getPageSize() : null,
					pageable.isPaged() ? pageable.getOffset() : 0));
		long total = this.jdbc.sql("SELECT count(*) FROM orders WHERE customer_id = ?")
			.param(customerId)
			.query(Long.class)
			.single();
		return new PageImpl<>(page, pageable, total);
	}

	/**
	 * Writes a new order with its lines and history. The order's row is written at once
	 * (its saga's row refers to it); its lines and history with the transaction's other
	 * deferred writes, at its commit.
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
			this.writes.defer(
					"INSERT INTO order_items (order_id, line_no, sku, quantity, unit_price) VALUES (?, ?, ?, ?, ?)",
					order.getId(), lineNo, line.sku(), line.quantity(), line.unitPrice());
		}
		insertHistory(order);
		order.stored(0);
		return order;
	}

	/**
	 * Writes what changed since the order was read or written: its status and the history
	 * entries added, with the transaction's other deferred writes at its commit. Nothing
	 * when nothing changed.
	 * @throws OptimisticLockingFailureException at commit, when somebody else changed it
	 * meanwhile
	 */
	public void update(Order order) {
		if (!order.isChanged()) {
			return;
		}
		UUID id = order.getId();
		this.writes.deferChecked(
				"UPDATE orders SET status = ?, failure_reason = ?, updated_at = ?, version = version + 1 "
						+ "WHERE id = ? AND version = ?",
				1, () -> new OptimisticLockingFailureException("Order " + id + " was changed since it was read"),
				order.getStatus().name(), name(order.getFailureReason()), utc(order.getUpdatedAt()), id,
				order.getVersion());
		insertHistory(order);
		order.stored(order.getVersion() + 1);
	}

	private void insertHistory(Order order) {
		int seq = order.getStoredHistory();
		for (HistoryEntry entry : order.getUnstoredHistory()) {
			// A stale writer's entry may meet the one written meanwhile: its update then
			// finds no row of its version, and the commit fails on that.
			this.writes.defer(
					"INSERT INTO order_history (order_id, seq, step, outcome, at) VALUES (?, ?, ?, ?, ?) "
							+ "ON CONFLICT DO NOTHING",
					order.getId(), seq++, entry.step(), entry.outcome(), utc(entry.at()));
		}
	}

	/**
	 * The orders the statement selects ({@link #SELECT} and a condition), with their
	 * lines and history, in its order: one statement, the lines and history aggregated as
	 * JSON arrays beside each order's columns.
	 */
	private List<Order> load(JdbcClient.StatementSpec orders) {
		return orders.query(
				(row, number) -> orderRow(row).order(lines(row.getString("lines")), history(row.getString("history"))))
			.list();
	}

	private List<OrderLine> lines(String json) {
		List<OrderLine> lines = new ArrayList<>();
		for (JsonNode line : array(json)) {
			lines.add(new OrderLine(line.get(0).asString(), line.get(1).asInt(), line.get(2).asLong()));
		}
		return lines;
	}

	private List<HistoryEntry> history(String json) {
		List<HistoryEntry> history = new ArrayList<>();
		for (JsonNode entry : array(json)) {
			long micros = entry.get(2).asLong();
			history.add(new HistoryEntry(entry.get(0).asString(), entry.get(1).asString(),
					Instant.EPOCH.plus(micros, ChronoUnit.MICROS)));
		}
		return history;
	}

	/** The aggregate's elements; none when it aggregated no row (SQL's null). */
	private JsonNode array(String json) {
		return (json != null) ? this.json.readTree(json) : this.json.createArrayNode();
	}

	private static OrderRow orderRow(ResultSet row) throws SQLException {
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
