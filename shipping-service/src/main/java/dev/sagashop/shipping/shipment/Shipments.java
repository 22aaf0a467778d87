package dev.sagashop.shipping.shipment;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import dev.sagashop.platform.messaging.OrderLocks;
import dev.sagashop.platform.messaging.TransactionWrites;

import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * All shipments, at most one per order, in plain SQL (ADR 16).
 */
@Repository
public class Shipments {

	private static final String COLUMNS = "id, order_id, customer_id, status, carrier, tracking_number, "
			+ "estimated_delivery, version, created_at, collection_at, dispatched_at";

	private static final String FOR_ORDER = "SELECT t.tombstoned, s." + COLUMNS.replace(", ", ", s.")
			+ " FROM (SELECT EXISTS (SELECT 1 FROM shipment_tombstones WHERE order_id = ?) AS tombstoned) t "
			+ "LEFT JOIN shipments s ON s.order_id = ?";

	private final JdbcClient jdbc;

	private final TransactionWrites writes;

	Shipments(JdbcClient jdbc, TransactionWrites writes) {
		this.jdbc = jdbc;
		this.writes = writes;
	}

	public List<Shipment> findByOrderId(UUID orderId) {
		return select("WHERE order_id = ?", orderId).list();
	}

	/**
	 * The order's shipment, if it has one, and whether its shipment was cancelled before
	 * it was scheduled, in one statement.
	 */
	public ForOrder forOrder(UUID orderId) {
		// One row: the order's shipment, or none beside the tombstone's answer.
		return this.jdbc.sql(FOR_ORDER)
			.params(orderId, orderId)
			.query((row, number) -> new ForOrder(
					(row.getObject("id") != null) ? Optional.of(shipment(row, number)) : Optional.empty(),
					row.getBoolean("tombstoned")))
			.single();
	}

	/**
	 * Reads the order's shipment and locks its row until the transaction ends, so the
	 * collector (which skips locked rows) cannot dispatch it meanwhile; a row the
	 * collector is dispatching is read as it commits.
	 */
	public List<Shipment> lockByOrderId(UUID orderId) {
		return select("WHERE order_id = ? FOR UPDATE", orderId).list();
	}

	public Optional<Shipment> lockById(UUID id) {
		return select("WHERE id = ? FOR UPDATE", id).optional();
	}

	private JdbcClient.MappedQuerySpec<Shipment> select(String condition, UUID id) {
		return this.jdbc.sql("SELECT " + COLUMNS + " FROM shipments " + condition).param(id).query(Shipments::shipment);
	}

	/**
	 * Dispatches the scheduled shipments whose collection time has come, in one
	 * statement; rows locked by a cancellation in progress wait for the next round.
	 * @param max how many at most
	 * @return the shipments it dispatched
	 */
	public List<Shipment> dispatchDue(int max) {
		return this.jdbc.sql("""
				UPDATE shipments SET status = 'DISPATCHED', dispatched_at = now(), version = version + 1
				WHERE id IN (SELECT id FROM shipments WHERE status = 'SCHEDULED' AND collection_at <= now()
				             ORDER BY collection_at LIMIT ? FOR UPDATE SKIP LOCKED)
				""" + "RETURNING " + COLUMNS).param(max).query(Shipments::shipment).list();
	}

	/**
	 * Writes a new shipment when the current transaction commits (ADR 34): nothing after
	 * it in a command's transaction reads it.
	 * @return the same shipment
	 * @throws org.springframework.dao.DuplicateKeyException at commit, when the order has
	 * one
	 */
	public Shipment save(Shipment shipment) {
		this.writes.defer("INSERT INTO shipments (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
				shipment.getId(), shipment.getOrderId(), shipment.getCustomerId(), shipment.getStatus().name(),
				shipment.getCarrier(), shipment.getTrackingNumber(), shipment.getEstimatedDelivery(),
				shipment.getVersion(), utc(shipment.getCreatedAt()), utc(shipment.getCollectionAt()),
				utc(shipment.getDispatchedAt()));
		return shipment;
	}

	/**
	 * Writes a shipment's new status (and when it was dispatched), if nobody changed it
	 * since it was read.
	 * @throws OptimisticLockingFailureException when somebody did
	 */
	public void updateStatus(Shipment shipment) {
		int updated = this.jdbc.sql(
				"UPDATE shipments SET status = ?, dispatched_at = ?, version = version + 1 WHERE id = ? AND version = ?")
			.params(shipment.getStatus().name(), utc(shipment.getDispatchedAt()), shipment.getId(),
					shipment.getVersion())
			.update();
		if (updated != 1) {
			throw new OptimisticLockingFailureException(
					"Shipment " + shipment.getId() + " was changed since it was read");
		}
	}

	/**
	 * Serializes everything that happens to one order's shipment until the transaction
	 * ends.
	 */
	public void lockOrder(UUID orderId) {
		OrderLocks.lock(this.jdbc, orderId);
	}

	/**
	 * Refuses to schedule the order's shipment from now on, when the transaction commits.
	 */
	public void tombstone(UUID orderId) {
		this.writes.defer(
				"INSERT INTO shipment_tombstones (order_id, created_at) VALUES (?, now()) ON CONFLICT DO NOTHING",
				orderId);
	}

	/**
	 * An order's shipment, if it has one, and whether it was cancelled before one was
	 * scheduled.
	 *
	 * @param shipment its shipment (at most one per order)
	 * @param tombstoned whether a cancellation came first
	 */
	public record ForOrder(Optional<Shipment> shipment, boolean tombstoned) {

	}

	private static Shipment shipment(ResultSet row, int number) throws SQLException {
		return new Shipment(row.getObject("id", UUID.class), row.getObject("order_id", UUID.class),
				row.getString("customer_id"), Shipment.Status.valueOf(row.getString("status")),
				row.getString("carrier"), row.getString("tracking_number"),
				row.getObject("estimated_delivery", LocalDate.class), row.getLong("version"),
				instant(row, "created_at"), instant(row, "collection_at"), instant(row, "dispatched_at"));
	}

	private static Instant instant(ResultSet row, String column) throws SQLException {
		OffsetDateTime value = row.getObject(column, OffsetDateTime.class);
		return (value != null) ? value.toInstant() : null;
	}

	private static OffsetDateTime utc(Instant instant) {
		return (instant != null) ? instant.atOffset(ZoneOffset.UTC) : null;
	}

}
