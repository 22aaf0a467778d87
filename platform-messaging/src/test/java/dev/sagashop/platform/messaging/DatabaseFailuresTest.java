package dev.sagashop.platform.messaging;

import java.sql.SQLException;

import org.junit.jupiter.api.Test;

import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionSystemException;

import static org.assertj.core.api.Assertions.assertThat;

/** Which data-access failures mean "the database is away" (503) rather than an error. */
class DatabaseFailuresTest {

	@Test
	void noConnectionToBeHad() {
		assertThat(DatabaseFailures.unreachable(new CannotCreateTransactionException("no connection"))).isTrue();
	}

	@Test
	void aConnectionRefusedOrLost() {
		assertThat(DatabaseFailures.unreachable(new RuntimeException(new SQLException("refused", "08001")))).isTrue();
		assertThat(
				DatabaseFailures.unreachable(new RuntimeException(new SQLException("terminating connection", "57P01"))))
			.isTrue();
	}

	@Test
	void aRollbackOnAConnectionThePoolClosed() {
		assertThat(DatabaseFailures.unreachable(new TransactionSystemException(
				"Unable to rollback against JDBC Connection", new SQLException("Connection is closed"))))
			.isTrue();
	}

	@Test
	void notAConstraintTheDataBroke() {
		assertThat(DatabaseFailures
			.unreachable(new DataIntegrityViolationException("duplicate key", new SQLException("duplicate", "23505"))))
			.isFalse();
	}

}
