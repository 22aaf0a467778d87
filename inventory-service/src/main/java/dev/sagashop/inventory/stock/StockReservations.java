package dev.sagashop.inventory.stock;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import dev.sagashop.platform.messaging.OrderLocks;
import dev.sagashop.platform.messaging.TransactionWrites;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Reservations by order, in plain SQL (ADR 16). Every change happens under the order's
 * lock ({@link #lockOrder}), so no version check is needed.
 */
@Repository
class StockReservations {

	private final JdbcClient jdbc;

	private final TransactionWrites writes;

	StockReservations(JdbcClient jdbc, TransactionWrites writes) {
		this.jdbc = jdbc;
		this.writes = writes;
	}

	/**
	 * Serializes everything that happens to one order's reservation until the transaction
	 * ends, even across instances.
	 */
	void lockOrder(UUID orderId) {
		OrderLocks.lock(this.jdbc, orderId);
	}

	Optional<StockReservation> findById(UUID orderId) {
		List<StockReservation> rows = this.jdbc
			.sql("SELECT r.order_id, r.status, r.created_at, r.updated_at, l.sku, l.quantity "
					+ "FROM stock_reservations r LEFT JOIN stock_reservation_lines l ON l.order_id = r.order_id "
					+ "WHERE r.order_id = ? ORDER BY l.sku")
			.param(orderId)
			.query((row, number) -> reservation(row))
			.list();
		if (rows.isEmpty()) {
			return Optional.empty();
		}
		// One row per line (one with no line when there is none): the lines joined.
		List<ReservedLine> lines = rows.stream().flatMap((row) -> row.getLines().stream()).toList();
		StockReservation first = rows.get(0);
		return Optional.of(new StockReservation(first.getOrderId(), first.getStatus(), lines, first.getCreatedAt(),
				first.getUpdatedAt()));
	}

	/**
	 * Writes a new reservation and its lines when the transaction commits (ADR 34):
	 * nothing after it in a command's transaction reads them.
	 */
	void save(StockReservation reservation) {
		this.writes.defer(
				"INSERT INTO stock_reservations (order_id, status, version, created_at, updated_at) "
						+ "VALUES (?, ?, 0, ?, ?)",
				reservation.getOrderId(), reservation.getStatus().name(),
				reservation.getCreatedAt().atOffset(ZoneOffset.UTC),
				reservation.getUpdatedAt().atOffset(ZoneOffset.UTC));
		for (ReservedLine line : reservation.getLines()) {
			this.writes.defer("INSERT INTO stock_reservation_lines (order_id, sku, quantity) VALUES (?, ?, ?)",
					reservation.getOrderId(), line.sku(), line.quantity());
		}
	}

	/** Writes a reservation's new status. */
	void updateStatus(StockReservation reservation) {
		this.jdbc
			.sql("UPDATE stock_reservations SET status = ?, updated_at = ?, version = version + 1 WHERE order_id = ?")
			.params(reservation.getStatus().name(), reservation.getUpdatedAt().atOffset(ZoneOffset.UTC),
					reservation.getOrderId())
			.update();
	}

	/** A reservation with the one line of the row, if it has one. */
	private static StockReservation reservation(ResultSet row) throws SQLException {
		String sku = row.getString("sku");
		return new StockReservation(row.getObject("order_id", UUID.class),
				StockReservation.Status.valueOf(row.getString("status")),
				(sku != null) ? List.of(new ReservedLine(sku, row.getInt("quantity"))) : List.of(),
				row.getObject("created_at", OffsetDateTime.class).toInstant(),
				row.getObject("updated_at", OffsetDateTime.class).toInstant());
	}

}
