package dev.sagashop.orders.checkout;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;

import dev.sagashop.events.Envelope;
import dev.sagashop.platform.messaging.TraceContexts;
import dev.sagashop.platform.messaging.TransactionWrites;

import org.springframework.core.Ordered;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Every order's saga journal (ADR 28): what it sent, received, ignored and decided. The
 * entries of a transaction are written in it, in one statement just before it commits, so
 * the journal holds exactly what the saga's committed state did, at no extra commit.
 */
@Repository
public class SagaJournal {

	private final JdbcClient jdbc;

	private final TransactionWrites writes;

	SagaJournal(JdbcClient jdbc, TransactionWrites writes) {
		this.jdbc = jdbc;
		this.writes = writes;
	}

	/**
	 * Adds an entry to the current transaction's.
	 * @param orderId the order
	 * @param kind what happened
	 * @param message the message sent or received, or {@code null}
	 * @param topic its topic (ignored without a message)
	 * @param checkout the saga, as it stands afterwards
	 * @throws IllegalStateException outside a transaction
	 */
	void record(UUID orderId, JournalEntry.Kind kind, Envelope<?> message, String topic, Checkout checkout) {
		pending().add(new Pending(orderId, kind, (message != null) ? message.type() : null,
				(message != null) ? message.messageId() : null, (message != null) ? topic : null, checkout.getPhase(),
				checkout.getDeadline()));
	}

	/**
	 * One order's journal, oldest first.
	 * @param orderId the order
	 * @return its entries; empty for an order placed before the journal (or unknown)
	 */
	public List<JournalEntry> of(UUID orderId) {
		return this.jdbc
			.sql("SELECT at, kind, type, message_id, topic, phase, deadline FROM saga_journal WHERE order_id = ? "
					+ "ORDER BY id")
			.param(orderId)
			.query(SagaJournal::entry)
			.list();
	}

	/**
	 * The trace an order's checkout ran in, as Zipkin finds it.
	 * @param orderId the order
	 * @return its trace id, or {@code null} when it was not traced (or has no saga)
	 */
	public String traceId(UUID orderId) {
		return this.jdbc.sql("SELECT trace_context FROM checkout_sagas WHERE order_id = ?")
			.param(orderId)
			.query(String.class)
			.optional()
			.map(TraceContexts::traceId)
			.orElse(null);
	}

	@SuppressWarnings("unchecked")
	private List<Pending> pending() {
		List<Pending> pending = (List<Pending>) TransactionSynchronizationManager.getResource(this);
		if (pending != null) {
			return pending;
		}
		if (!TransactionSynchronizationManager.isSynchronizationActive()) {
			throw new IllegalStateException("The saga journal is written in the saga's transaction");
		}
		List<Pending> created = new ArrayList<>();
		TransactionSynchronizationManager.bindResource(this, created);
		this.writes.join();
		TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {

			// Before the deferred writes are flushed, which this joins.
			@Override
			public int getOrder() {
				return Ordered.LOWEST_PRECEDENCE - 1;
			}

			@Override
			public void beforeCommit(boolean readOnly) {
				write(created);
			}

			@Override
			public void afterCompletion(int status) {
				TransactionSynchronizationManager.unbindResourceIfPossible(SagaJournal.this);
			}

		});
		return created;
	}

	private void write(List<Pending> entries) {
		if (entries.isEmpty()) {
			return;
		}
		List<Object> params = new ArrayList<>();
		for (Pending entry : entries) {
			Collections.addAll(params, entry.orderId(), entry.kind().name(), entry.type(), entry.messageId(),
					entry.topic(), entry.phase().name(), Checkouts.utc(entry.deadline()));
		}
		// One row each, in the order they were recorded: each row's clock_timestamp() is
		// read as the rows are inserted, so their times keep that order.
		String rows = String.join(", ",
				Collections.nCopies(entries.size(), "(?, clock_timestamp(), ?, ?, ?, ?, ?, ?)"));
		this.writes.defer("INSERT INTO saga_journal (order_id, at, kind, type, message_id, topic, phase, deadline) "
				+ "VALUES " + rows, params.toArray());
	}

	private static JournalEntry entry(ResultSet row, int number) throws SQLException {
		return new JournalEntry(Checkouts.instant(row, "at"), JournalEntry.Kind.valueOf(row.getString("kind")),
				row.getString("type"), row.getObject("message_id", UUID.class), row.getString("topic"),
				Phase.valueOf(row.getString("phase")), Checkouts.instant(row, "deadline"));
	}

	private record Pending(UUID orderId, JournalEntry.Kind kind, String type, UUID messageId, String topic, Phase phase,
			Instant deadline) {

	}

}
