package dev.sagashop.payments.payment;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

import dev.sagashop.platform.messaging.OrderLocks;
import dev.sagashop.platform.messaging.TransactionWrites;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The ledger of payment transactions, in plain SQL (ADR 16): a row is inserted once and
 * only read afterwards, so an entity manager has nothing to track.
 */
@Repository
public class Payments {

	private static final String COLUMNS = "id, order_id, customer_id, type, status, amount, currency, created_at";

	private static final String LEDGER = "SELECT t.tombstoned, p." + COLUMNS.replace(", ", ", p.")
			+ " FROM (SELECT EXISTS (SELECT 1 FROM refund_tombstones WHERE order_id = ?) AS tombstoned) t "
			+ "LEFT JOIN payments p ON p.order_id = ? ORDER BY p.created_at";

	private final JdbcClient jdbc;

	private final TransactionWrites writes;

	Payments(JdbcClient jdbc, TransactionWrites writes) {
		this.jdbc = jdbc;
		this.writes = writes;
	}

	public List<Payment> findByOrderIdOrderByCreatedAt(UUID orderId) {
		return this.jdbc.sql("SELECT " + COLUMNS + " FROM payments WHERE order_id = ? ORDER BY created_at")
			.param(orderId)
			.query(Payments::payment)
			.list();
	}

	/**
	 * What happened to the order's money so far, in one statement: its payments and
	 * whether a refund came before any charge.
	 */
	public Ledger ledgerOf(UUID orderId) {
		// One row per payment, or one without a payment when there is none.
		List<LedgerRow> rows = this.jdbc.sql(LEDGER)
			.params(orderId, orderId)
			.query((row, number) -> new LedgerRow(row.getBoolean("tombstoned"),
					(row.getObject("id") != null) ? payment(row, number) : null))
			.list();
		return new Ledger(rows.stream().map(LedgerRow::payment).filter(Objects::nonNull).toList(),
				rows.get(0).tombstoned());
	}

	/**
	 * Writes a new transaction when the current database transaction commits (ADR 34):
	 * nothing after it in a command's transaction reads the ledger.
	 * @return the same transaction
	 */
	public Payment save(Payment payment) {
		this.writes.defer("INSERT INTO payments (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?)", payment.getId(),
				payment.getOrderId(), payment.getCustomerId(), payment.getType().name(), payment.getStatus().name(),
				payment.getAmount(), payment.getCurrency(), payment.getCreatedAt().atOffset(ZoneOffset.UTC));
		return payment;
	}

	/**
	 * Serializes everything that happens to one order's money until the transaction ends,
	 * even across instances.
	 */
	public void lockOrder(UUID orderId) {
		OrderLocks.lock(this.jdbc, orderId);
	}

	/** Refuses the order's charges from now on, when the transaction commits. */
	public void tombstone(UUID orderId) {
		this.writes.defer(
				"INSERT INTO refund_tombstones (order_id, created_at) VALUES (?, now()) ON CONFLICT DO NOTHING",
				orderId);
	}

	/**
	 * An order's payments, oldest first, and whether its charges are refused.
	 *
	 * @param payments its charge and refund, when there are
	 * @param tombstoned whether a refund came before any charge
	 */
	public record Ledger(List<Payment> payments, boolean tombstoned) {

		/** Its payment of the type, if there is one (at most one each). */
		public Optional<Payment> find(Payment.Type type) {
			return this.payments.stream().filter((payment) -> payment.getType() == type).findFirst();
		}

	}

	private record LedgerRow(boolean tombstoned, Payment payment) {

	}

	private static Payment payment(ResultSet row, int number) throws SQLException {
		return new Payment(row.getObject("id", UUID.class), row.getObject("order_id", UUID.class),
				row.getString("customer_id"), Payment.Type.valueOf(row.getString("type")),
				Payment.Status.valueOf(row.getString("status")), row.getLong("amount"), row.getString("currency"),
				row.getObject("created_at", OffsetDateTime.class).toInstant());
	}

}
