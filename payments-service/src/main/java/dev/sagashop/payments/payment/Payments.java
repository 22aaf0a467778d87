package dev.sagashop.payments.payment;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import dev.sagashop.platform.messaging.OrderLocks;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The ledger of payment transactions, in plain SQL (ADR 16): a row is inserted once and
 * only read afterwards, so an entity manager has nothing to track.
 */
@Repository
public class Payments {

	private static final String COLUMNS = "id, order_id, customer_id, type, status, amount, currency, created_at";

	private final JdbcClient jdbc;

	Payments(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	public List<Payment> findByOrderIdOrderByCreatedAt(UUID orderId) {
		return this.jdbc.sql("SELECT " + COLUMNS + " FROM payments WHERE order_id = ? ORDER BY created_at")
			.param(orderId)
			.query(Payments::payment)
			.list();
	}

	public Optional<Payment> findByOrderIdAndType(UUID orderId, Payment.Type type) {
		return this.jdbc.sql("SELECT " + COLUMNS + " FROM payments WHERE order_id = ? AND type = ?")
			.param(orderId)
			.param(type.name())
			.query(Payments::payment)
			.optional();
	}

	/**
	 * Writes a new transaction.
	 * @return the same transaction
	 */
	public Payment save(Payment payment) {
		this.jdbc.sql("INSERT INTO payments (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?)")
			.params(payment.getId(), payment.getOrderId(), payment.getCustomerId(), payment.getType().name(),
					payment.getStatus().name(), payment.getAmount(), payment.getCurrency(),
					payment.getCreatedAt().atOffset(ZoneOffset.UTC))
			.update();
		return payment;
	}

	/**
	 * Serializes everything that happens to one order's money until the transaction ends,
	 * even across instances.
	 */
	public void lockOrder(UUID orderId) {
		OrderLocks.lock(this.jdbc, orderId);
	}

	public boolean isTombstoned(UUID orderId) {
		return this.jdbc.sql("SELECT EXISTS (SELECT 1 FROM refund_tombstones WHERE order_id = ?)")
			.param(orderId)
			.query(Boolean.class)
			.single();
	}

	public void tombstone(UUID orderId) {
		this.jdbc.sql("INSERT INTO refund_tombstones (order_id, created_at) VALUES (?, now()) ON CONFLICT DO NOTHING")
			.param(orderId)
			.update();
	}

	private static Payment payment(ResultSet row, int number) throws SQLException {
		return new Payment(row.getObject("id", UUID.class), row.getObject("order_id", UUID.class),
				row.getString("customer_id"), Payment.Type.valueOf(row.getString("type")),
				Payment.Status.valueOf(row.getString("status")), row.getLong("amount"), row.getString("currency"),
				row.getObject("created_at", OffsetDateTime.class).toInstant());
	}

}
