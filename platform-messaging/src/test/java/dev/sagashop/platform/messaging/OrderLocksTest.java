package dev.sagashop.platform.messaging;

import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import static org.mockito.Answers.RETURNS_DEEP_STUBS;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.clearInvocations;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;

/**
 * A lock the transaction holds costs no statement; PostgreSQL's side (the inbox's
 * statement takes the lock) is tested in payments-service ({@code PaymentsServiceIT}).
 */
class OrderLocksTest {

	private final JdbcClient jdbc = mock(JdbcClient.class, RETURNS_DEEP_STUBS);

	private final UUID order = UUID.randomUUID();

	@BeforeEach
	void beginTransaction() {
		TransactionSynchronizationManager.initSynchronization();
	}

	@AfterEach
	void endTransaction() {
		if (TransactionSynchronizationManager.isSynchronizationActive()) {
			TransactionWritesTest.complete();
			TransactionSynchronizationManager.clearSynchronization();
		}
	}

	@Test
	void takesAnOrdersLockOncePerTransaction() {
		OrderLocks.lock(this.jdbc, this.order);
		verify(this.jdbc).sql("SELECT " + OrderLocks.LOCK);
		clearInvocations(this.jdbc);

		OrderLocks.lock(this.jdbc, this.order);
		verify(this.jdbc, never()).sql(anyString());
		OrderLocks.lock(this.jdbc, UUID.randomUUID());
		verify(this.jdbc).sql("SELECT " + OrderLocks.LOCK);
	}

	@Test
	void aLockTakenByTheInboxsStatementIsHeld() {
		OrderLocks.taken(this.order);
		OrderLocks.lock(this.jdbc, this.order);
		verify(this.jdbc, never()).sql(anyString());
	}

	@Test
	void theNextTransactionAndOneStartedInsideHoldNone() {
		OrderLocks.taken(this.order);
		List<TransactionSynchronization> outer = TransactionWritesTest.suspend();
		OrderLocks.lock(this.jdbc, this.order);
		verify(this.jdbc).sql("SELECT " + OrderLocks.LOCK);
		clearInvocations(this.jdbc);
		TransactionWritesTest.complete();
		TransactionWritesTest.resume(outer);

		OrderLocks.lock(this.jdbc, this.order);
		verify(this.jdbc, never()).sql(anyString());

		TransactionWritesTest.complete();
		TransactionSynchronizationManager.clearSynchronization();
		TransactionSynchronizationManager.initSynchronization();
		OrderLocks.lock(this.jdbc, this.order);
		verify(this.jdbc).sql("SELECT " + OrderLocks.LOCK);
	}

}
