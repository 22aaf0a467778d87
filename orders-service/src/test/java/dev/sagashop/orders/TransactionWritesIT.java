package dev.sagashop.orders;

import dev.sagashop.platform.messaging.TransactionWrites;
import dev.sagashop.testsupport.RealInfrastructure;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.core.Ordered;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Deferred writes (platform-messaging's {@link TransactionWrites}, ADR 34) against
 * PostgreSQL: what one statement of data-modifying {@code WITH} queries does at commit.
 */
@SpringBootTest
@RealInfrastructure
class TransactionWritesIT {

	@Autowired
	TransactionWrites writes;

	@Autowired
	TransactionTemplate transactions;

	@Autowired
	JdbcTemplate jdbc;

	@BeforeEach
	void createTables() {
		this.jdbc.execute("CREATE TABLE it_parent (id int PRIMARY KEY, state text NOT NULL, version int NOT NULL)");
		this.jdbc.execute("CREATE TABLE it_child (parent_id int NOT NULL REFERENCES it_parent (id), n int NOT NULL)");
	}

	@AfterEach
	void dropTables() {
		this.jdbc.execute("DROP TABLE it_child, it_parent");
	}

	@Test
	void writesWhatWasDeferredAtCommitAndNotBefore() {
		this.transactions.executeWithoutResult((status) -> {
			this.jdbc.update("INSERT INTO it_parent VALUES (1, 'new', 0)");
			this.writes.defer("INSERT INTO it_child (parent_id, n) VALUES (?, ?)", 1, 10);
			this.writes.defer("INSERT INTO it_child (parent_id, n) VALUES (?, ?)", 1, 11);
			this.writes.deferChecked(
					"UPDATE it_parent SET state = ?, version = version + 1 WHERE id = ? AND version = ?", 1,
					IllegalStateException::new, "paid", 1, 0);
			assertThat(children()).isZero();
		});
		assertThat(children()).isEqualTo(2);
		assertThat(this.jdbc.queryForObject("SELECT state || version FROM it_parent WHERE id = 1", String.class))
			.isEqualTo("paid1");
	}

	@Test
	void aCheckedWriteThatMissesItsRowsTakesTheWholeTransactionBack() {
		assertThatExceptionOfType(IllegalStateException.class)
			.isThrownBy(() -> this.transactions.executeWithoutResult((status) -> {
				this.jdbc.update("INSERT INTO it_parent VALUES (1, 'new', 0)");
				this.writes.defer("INSERT INTO it_child (parent_id, n) VALUES (?, ?)", 1, 10);
				this.writes.deferChecked("UPDATE it_parent SET state = ? WHERE id = ? AND version = ?", 1,
						() -> new IllegalStateException("stale"), "paid", 1, 5);
			}))
			.withMessage("stale");
		assertThat(parents()).isZero();
		assertThat(children()).isZero();
	}

	@Test
	void aConstraintADeferredWriteBreaksFailsTheCommit() {
		assertThatExceptionOfType(RuntimeException.class)
			.isThrownBy(() -> this.transactions.executeWithoutResult((status) -> {
				this.jdbc.update("INSERT INTO it_parent VALUES (1, 'new', 0)");
				this.writes.defer("INSERT INTO it_child (parent_id, n) VALUES (?, ?)", 2, 10);
			}));
		assertThat(parents()).isZero();
	}

	@Test
	void anUpdateOfARowDeferredAlreadyIsNotLost() {
		// In one statement the update would see the table as it was before the insert.
		this.transactions.executeWithoutResult((status) -> {
			this.writes.defer("INSERT INTO it_parent VALUES (?, 'new', 0)", 1);
			this.writes.defer("INSERT INTO it_child (parent_id, n) VALUES (?, ?)", 1, 10);
			this.writes.defer("UPDATE it_parent SET state = ? WHERE id = ?", "paid", 1);
			this.writes.defer("UPDATE it_parent SET state = state || ? WHERE id = ?", "+shipped", 1);
		});
		assertThat(this.jdbc.queryForObject("SELECT state FROM it_parent WHERE id = 1", String.class))
			.isEqualTo("paid+shipped");
		assertThat(children()).isEqualTo(1);
	}

	@Test
	void aRolledBackTransactionWritesNothing() {
		this.transactions.executeWithoutResult((status) -> {
			this.writes.defer("INSERT INTO it_parent VALUES (?, 'new', 0)", 1);
			status.setRollbackOnly();
		});
		assertThat(parents()).isZero();
	}

	@Test
	void writesDeferredByAnEarlierCommitCallbackOfAJoinedTransaction() {
		this.transactions.executeWithoutResult((status) -> {
			this.writes.join();
			TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {

				@Override
				public int getOrder() {
					return Ordered.LOWEST_PRECEDENCE - 1;
				}

				@Override
				public void beforeCommit(boolean readOnly) {
					TransactionWritesIT.this.writes.defer("INSERT INTO it_parent VALUES (?, 'late', 0)", 1);
				}

			});
		});
		assertThat(parents()).isEqualTo(1);
	}

	private int parents() {
		return this.jdbc.queryForObject("SELECT count(*) FROM it_parent", Integer.class);
	}

	private int children() {
		return this.jdbc.queryForObject("SELECT count(*) FROM it_child", Integer.class);
	}

}
