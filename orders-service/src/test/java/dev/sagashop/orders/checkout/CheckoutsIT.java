package dev.sagashop.orders.checkout;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import dev.sagashop.orders.order.HistoryOutcome;
import dev.sagashop.orders.order.HistoryStep;
import dev.sagashop.orders.order.Order;
import dev.sagashop.orders.order.OrderLine;
import dev.sagashop.orders.order.Orders;
import dev.sagashop.orders.order.ShippingAddress;
import dev.sagashop.testsupport.RealInfrastructure;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * A reply reads its saga, locked, and its order in one statement
 * ({@link Checkouts#lockWithOrder}): the lock holds, and an order that changed while the
 * statement waited for the lock is never written over.
 */
@SpringBootTest
@RealInfrastructure
class CheckoutsIT {

	@Autowired
	Checkouts checkouts;

	@Autowired
	Orders orders;

	@Autowired
	CheckoutOrchestrator orchestrator;

	@Autowired
	TransactionTemplate transactions;

	@Autowired
	JdbcTemplate jdbc;

	@Test
	void readsTheSagaAndItsOrderAndHoldsTheSagasLock() {
		UUID orderId = place();
		this.transactions.executeWithoutResult((status) -> {
			Checkouts.WithOrder read = this.checkouts.lockWithOrder(orderId).orElseThrow();
			assertThat(read.locked().checkout().getOrderId()).isEqualTo(orderId);
			assertThat(read.locked().checkout().getPhase()).isEqualTo(Phase.CHARGING_PAYMENT);
			assertThat(read.locked().now()).isNotNull();
			Order order = read.order();
			Order alone = this.orders.findById(orderId).orElseThrow();
			assertThat(order).usingRecursiveComparison().isEqualTo(alone);
			assertThat(order.getItems()).containsExactly(new OrderLine("SKU-1", 2, 1250));
			assertThat(CompletableFuture.supplyAsync(() -> lockedElsewhere(orderId)).join())
				.as("another transaction finds the saga's row locked")
				.isTrue();
		});
		assertThat(lockedElsewhere(orderId)).as("free once the transaction ended").isFalse();
		assertThat(this.checkouts.lockWithOrder(UUID.randomUUID())).isEmpty();
	}

	@Test
	void anOrderChangedWhileTheReadWaitedForTheLockIsNotWrittenOver() throws Exception {
		UUID orderId = place();
		CountDownLatch holding = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		// First holder: locks the saga, changes the order, and commits only once the
		// reader waits for the lock.
		CompletableFuture<Void> first = CompletableFuture
			.runAsync(() -> this.transactions.executeWithoutResult((status) -> {
				this.checkouts.lockById(orderId).orElseThrow();
				Order order = this.orders.findById(orderId).orElseThrow();
				order.record(HistoryStep.PAYMENT, HistoryOutcome.CHARGED);
				this.orders.update(order);
				holding.countDown();
				await(release);
			}));
		await(holding);
		CompletableFuture<Void> second = CompletableFuture
			.runAsync(() -> this.transactions.executeWithoutResult((status) -> {
				Checkouts.WithOrder read = this.checkouts.lockWithOrder(orderId).orElseThrow();
				read.order().record(HistoryStep.STOCK, HistoryOutcome.RESERVED);
				this.orders.update(read.order());
			}));
		awaitWaitingForLock(orderId);
		release.countDown();
		first.get(20, TimeUnit.SECONDS);
		// The read waited for the lock in its statement: it got the saga's latest row and
		// the order as it was before the first holder's commit. Writing that order fails
		// at
		// commit, and the reply would be handled again.
		assertThatExceptionOfType(ExecutionException.class).isThrownBy(() -> second.get(20, TimeUnit.SECONDS))
			.withCauseInstanceOf(OptimisticLockingFailureException.class);
		List<String> history = this.jdbc.queryForList(
				"SELECT step || ' ' || outcome FROM order_history WHERE order_id = ? ORDER BY seq", String.class,
				orderId);
		assertThat(history).as("the first holder's entry is kept, the stale writer's is not")
			.contains("PAYMENT CHARGED")
			.doesNotContain("STOCK RESERVED");
	}

	/**
	 * Whether the saga's row is locked, asked with NOWAIT from a connection of its own.
	 */
	private boolean lockedElsewhere(UUID orderId) {
		try {
			this.transactions.executeWithoutResult((status) -> this.jdbc
				.queryForList("SELECT order_id FROM checkout_sagas WHERE order_id = ? FOR UPDATE NOWAIT", orderId));
			return false;
		}
		catch (DataAccessException ex) {
			return true;
		}
	}

	/** Until a backend waits for a lock on the saga's table. */
	private void awaitWaitingForLock(UUID orderId) throws InterruptedException {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
		while (System.nanoTime() < deadline) {
			Integer waiting = this.jdbc.queryForObject(
					"SELECT count(*) FROM pg_stat_activity "
							+ "WHERE wait_event_type = 'Lock' AND query LIKE '%FROM checkout_sagas s JOIN orders o%'",
					Integer.class);
			if (waiting != null && waiting > 0) {
				return;
			}
			Thread.sleep(20);
		}
		throw new AssertionError("the read of order " + orderId + " never waited for the saga's lock");
	}

	private UUID place() {
		return this.orchestrator.place(Order.place("it-checkouts", List.of(new OrderLine("SKU-1", 2, 1250)), "EUR",
				new ShippingAddress("Ada", "1 Main St", "Berlin", "10115", "DE")), "tok_visa", null)
			.getId();
	}

	private static void await(CountDownLatch latch) {
		try {
			assertThat(latch.await(20, TimeUnit.SECONDS)).isTrue();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
