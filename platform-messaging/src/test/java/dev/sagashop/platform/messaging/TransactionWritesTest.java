package dev.sagashop.platform.messaging;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;

/**
 * The statements {@link TransactionWrites} sends at commit; what PostgreSQL makes of them
 * is tested against a real database in orders-service ({@code TransactionWritesIT}).
 */
class TransactionWritesTest {

	private final JdbcTemplate jdbc = mock(JdbcTemplate.class);

	private final TransactionWrites writes = new TransactionWrites(this.jdbc);

	@BeforeEach
	void beginTransaction() {
		TransactionSynchronizationManager.initSynchronization();
	}

	@AfterEach
	void endTransaction() {
		if (TransactionSynchronizationManager.isSynchronizationActive()) {
			TransactionSynchronizationManager.clearSynchronization();
		}
		TransactionSynchronizationManager.unbindResourceIfPossible(this.writes);
	}

	@Test
	void sendsEveryWriteOfTheTransactionAsOneStatementAtCommit() {
		this.writes.defer("INSERT INTO outbox (id) VALUES (?)", 1);
		this.writes.defer("UPDATE sagas SET phase = ? WHERE id = ?", "PAID", 7);
		this.writes.defer("INSERT INTO journal (id) VALUES (?)", 2);
		verify(this.jdbc, never()).query(anyString(), any(RowCallbackHandler.class), any(Object[].class));

		commit();

		ArgumentCaptor<Object[]> params = ArgumentCaptor.forClass(Object[].class);
		verify(this.jdbc).query(org.mockito.ArgumentMatchers.eq("WITH w0 AS (INSERT INTO outbox (id) VALUES (?)), "
				+ "w1 AS (UPDATE sagas SET phase = ? WHERE id = ?), w2 AS (INSERT INTO journal (id) VALUES (?)) "
				+ "SELECT 0"), any(RowCallbackHandler.class), params.capture());
		assertThat(params.getValue()).containsExactly(1, "PAID", 7, 2);
	}

	@Test
	void countsTheRowsOfTheWritesThatAreChecked() {
		this.writes.defer("INSERT INTO outbox (id) VALUES (?)", 1);
		this.writes.deferChecked("UPDATE orders SET status = ? WHERE id = ? AND version = ?", 1,
				IllegalStateException::new, "PAID", 7, 3);

		commit();

		verify(this.jdbc).query(org.mockito.ArgumentMatchers.eq("WITH w0 AS (INSERT INTO outbox (id) VALUES (?)), "
				+ "w1 AS (UPDATE orders SET status = ? WHERE id = ? AND version = ? RETURNING 1) "
				+ "SELECT (SELECT count(*) FROM w1)"), any(RowCallbackHandler.class), any(Object[].class));
	}

	@Test
	void aLoneWriteIsSentAsItIs() {
		this.writes.defer("INSERT INTO outbox (id) VALUES (?)", 1);

		commit();

		verify(this.jdbc).update("INSERT INTO outbox (id) VALUES (?)", 1);
	}

	@Test
	void aWriteToATableAlreadyWrittenBeyondInsertsStartsAStatementOfItsOwn() {
		// One statement's parts see one snapshot: the update would not see the insert's
		// row, nor the second update the first's.
		this.writes.defer("INSERT INTO sagas (id) VALUES (?)", 7);
		this.writes.defer("INSERT INTO sagas (id) VALUES (?)", 8);
		this.writes.defer("UPDATE sagas SET phase = ? WHERE id = ?", "PAID", 7);
		this.writes.defer("INSERT INTO outbox (id) VALUES (?)", 1);
		this.writes.defer("update SAGAS set phase = ? where id = ?", "DONE", 7);

		commit();

		List<String> statements = new ArrayList<>();
		ArgumentCaptor<String> sql = ArgumentCaptor.forClass(String.class);
		verify(this.jdbc, org.mockito.Mockito.times(2)).query(sql.capture(), any(RowCallbackHandler.class),
				any(Object[].class));
		statements.addAll(sql.getAllValues());
		verify(this.jdbc).update("update SAGAS set phase = ? where id = ?", "DONE", 7);
		assertThat(statements).containsExactly(
				"WITH w0 AS (INSERT INTO sagas (id) VALUES (?)), w1 AS (INSERT INTO sagas (id) VALUES (?)) SELECT 0",
				"WITH w0 AS (UPDATE sagas SET phase = ? WHERE id = ?), w1 AS (INSERT INTO outbox (id) VALUES (?)) "
						+ "SELECT 0");
	}

	@Test
	void aCallGoesWithTheLastStatementOfTheWrites() {
		this.writes.defer("UPDATE sagas SET phase = ? WHERE id = ?", "PAID", 7);
		this.writes.deferCall("pg_notify(?, ?)", "final", "7");
		this.writes.defer("UPDATE sagas SET phase = ? WHERE id = ?", "DONE", 7);

		commit();

		verify(this.jdbc).update("UPDATE sagas SET phase = ? WHERE id = ?", "PAID", 7);
		ArgumentCaptor<Object[]> params = ArgumentCaptor.forClass(Object[].class);
		verify(this.jdbc).query(
				org.mockito.ArgumentMatchers
					.eq("WITH w0 AS (UPDATE sagas SET phase = ? WHERE id = ?) SELECT pg_notify(?, ?)"),
				any(RowCallbackHandler.class), params.capture());
		assertThat(params.getValue()).containsExactly("DONE", 7, "final", "7");
	}

	@Test
	void aCallWithoutWritesIsSentAlone() {
		this.writes.deferCall("pg_notify(?, ?)", "final", "7");

		commit();

		ArgumentCaptor<Object[]> params = ArgumentCaptor.forClass(Object[].class);
		verify(this.jdbc).query(org.mockito.ArgumentMatchers.eq("SELECT pg_notify(?, ?)"),
				any(RowCallbackHandler.class), params.capture());
		assertThat(params.getValue()).containsExactly("final", "7");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> this.writes.deferCall("pg_notify(?, ?); DROP TABLE outbox", "final", "7"));
		assertThatIllegalArgumentException().isThrownBy(() -> this.writes.deferCall("SELECT pg_notify(?, ?)"));
	}

	@Test
	void takesOnlyPlainWrites() {
		assertThatIllegalArgumentException().isThrownBy(() -> this.writes.defer("SELECT 1"));
		assertThatIllegalArgumentException()
			.isThrownBy(() -> this.writes.defer("INSERT INTO outbox (id) VALUES (?) RETURNING id", 1));
		assertThatIllegalArgumentException()
			.isThrownBy(() -> this.writes.defer("DELETE FROM outbox WHERE id = ?; DROP TABLE outbox", 1));
	}

	@Test
	void needsATransactionAndRefusesWritesAfterItsFlush() {
		this.writes.defer("INSERT INTO outbox (id) VALUES (?)", 1);
		commit();
		assertThatIllegalStateException().isThrownBy(() -> this.writes.defer("INSERT INTO outbox (id) VALUES (?)", 2));

		endTransaction();
		assertThatExceptionOfType(IllegalStateException.class)
			.isThrownBy(() -> this.writes.defer("INSERT INTO outbox (id) VALUES (?)", 3))
			.withMessageContaining("transaction");
	}

	@Test
	void aTransactionStartedInsideAnotherWritesItsOwnAtItsOwnCommit() {
		this.writes.defer("INSERT INTO outbox (id) VALUES (?)", 1);
		List<TransactionSynchronization> outer = suspend();

		this.writes.defer("INSERT INTO journal (id) VALUES (?)", 2);
		commit();
		verify(this.jdbc).update("INSERT INTO journal (id) VALUES (?)", 2);
		verify(this.jdbc, never()).update("INSERT INTO outbox (id) VALUES (?)", 1);
		complete();

		resume(outer);
		commit();
		verify(this.jdbc).update("INSERT INTO outbox (id) VALUES (?)", 1);
	}

	/** Suspends the transaction as a transaction manager does for REQUIRES_NEW. */
	static List<TransactionSynchronization> suspend() {
		List<TransactionSynchronization> suspended = TransactionSynchronizationManager.getSynchronizations();
		suspended.forEach(TransactionSynchronization::suspend);
		TransactionSynchronizationManager.clearSynchronization();
		TransactionSynchronizationManager.initSynchronization();
		return suspended;
	}

	/** Ends the inner transaction and resumes the one suspended. */
	static void resume(List<TransactionSynchronization> suspended) {
		TransactionSynchronizationManager.clearSynchronization();
		TransactionSynchronizationManager.initSynchronization();
		for (TransactionSynchronization synchronization : suspended) {
			synchronization.resume();
			TransactionSynchronizationManager.registerSynchronization(synchronization);
		}
	}

	/** Runs the transaction's completion callbacks, as after its commit. */
	static void complete() {
		for (TransactionSynchronization synchronization : TransactionSynchronizationManager.getSynchronizations()) {
			synchronization.afterCompletion(TransactionSynchronization.STATUS_COMMITTED);
		}
	}

	static void commit() {
		for (TransactionSynchronization synchronization : TransactionSynchronizationManager.getSynchronizations()) {
			synchronization.beforeCommit(false);
		}
	}

}
