package dev.sagashop.orders.checkout;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import dev.sagashop.orders.order.FailureReason;
import dev.sagashop.platform.messaging.TransactionWrites;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The sagas' states, in plain SQL (ADR 16). Every change happens under a row lock, so two
 * instances never act on the same saga at once.
 */
@Repository
class Checkouts {

	private static final String COLUMNS = "order_id, phase, failure_reason, pending_compensations, card_token, "
			+ "deadline, wake_at, started_at, updated_at, trace_context, cancel_requested, dispatched, idempotency_key";

	private final JdbcClient jdbc;

	private final TransactionWrites writes;

	Checkouts(JdbcClient jdbc, TransactionWrites writes) {
		this.jdbc = jdbc;
		this.writes = writes;
	}

	/**
	 * One saga, locked until the transaction ends, with the database's time read in the
	 * same statement.
	 */
	Optional<Locked> lockById(UUID orderId) {
		return this.jdbc
			.sql("SELECT " + COLUMNS + ", now() AS db_now FROM checkout_sagas WHERE order_id = ? FOR UPDATE")
			.param(orderId)
			.query(Checkouts::locked)
			.optional();
	}

	/**
	 * Sagas due to wake, by the database's clock, locked; rows another instance holds are
	 * skipped. (A row with a deadline and no wake time was written by a version before
	 * resends, during a rolling deploy.)
	 */
	List<Locked> lockDue(int max) {
		return this.jdbc
			.sql("SELECT " + COLUMNS + ", now() AS db_now FROM checkout_sagas WHERE wake_at < now() "
					+ "OR (wake_at IS NULL AND deadline < now()) LIMIT ? FOR UPDATE SKIP LOCKED")
			.param(max)
			.query(Checkouts::locked)
			.list();
	}

	/** Writes a new saga, with the transaction's other deferred writes at its commit. */
	void save(Checkout checkout) {
		this.writes.defer(
				"INSERT INTO checkout_sagas (" + COLUMNS
						+ ", version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0)",
				checkout.getOrderId(), checkout.getPhase().name(), name(checkout.getFailureReason()),
				checkout.getPendingCompensations(), checkout.getCardToken(), utc(checkout.getDeadline()),
				utc(checkout.getWakeAt()), utc(checkout.getStartedAt()), utc(checkout.getUpdatedAt()),
				checkout.getTraceContext(), checkout.isCancelRequested(), checkout.isDispatched(),
				checkout.getIdempotencyKey());
	}

	/**
	 * Writes a locked saga's new state, with the transaction's other deferred writes at
	 * its commit (the lock is why nothing else can have changed it).
	 */
	void update(Checkout checkout) {
		this.writes.defer(
				"UPDATE checkout_sagas SET phase = ?, failure_reason = ?, pending_compensations = ?, deadline = ?, "
						+ "wake_at = ?, updated_at = ?, cancel_requested = ?, dispatched = ?, version = version + 1 "
						+ "WHERE order_id = ?",
				checkout.getPhase().name(), name(checkout.getFailureReason()), checkout.getPendingCompensations(),
				utc(checkout.getDeadline()), utc(checkout.getWakeAt()), utc(checkout.getUpdatedAt()),
				checkout.isCancelRequested(), checkout.isDispatched(), checkout.getOrderId());
	}

	private static Locked locked(ResultSet row, int number) throws SQLException {
		String failureReason = row.getString("failure_reason");
		return new Locked(new Checkout(row.getObject("order_id", UUID.class), Phase.valueOf(row.getString("phase")),
				(failureReason != null) ? FailureReason.valueOf(failureReason) : null,
				row.getString("pending_compensations"), row.getString("card_token"), instant(row, "deadline"),
				instant(row, "wake_at"), instant(row, "started_at"), instant(row, "updated_at"),
				row.getString("trace_context"), row.getBoolean("cancel_requested"), row.getBoolean("dispatched"),
				row.getString("idempotency_key")), instant(row, "db_now"));
	}

	static Instant instant(ResultSet row, String column) throws SQLException {
		OffsetDateTime value = row.getObject(column, OffsetDateTime.class);
		return (value != null) ? value.toInstant() : null;
	}

	static OffsetDateTime utc(Instant instant) {
		return (instant != null) ? instant.atOffset(ZoneOffset.UTC) : null;
	}

	private static String name(Enum<?> value) {
		return (value != null) ? value.name() : null;
	}

	/**
	 * A saga read under its row's lock, and the database's clock at that moment: the
	 * transaction's time, which its deadlines are set and compared by ({@code now()} is
	 * the same all through a transaction, so no statement of its own is needed to read
	 * it).
	 */
	record Locked(Checkout checkout, Instant now) {

	}

}
