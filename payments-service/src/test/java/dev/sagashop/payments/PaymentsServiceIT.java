package dev.sagashop.payments;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import dev.sagashop.payments.payment.CardToken;
import dev.sagashop.payments.payment.Payment;
import dev.sagashop.payments.payment.Payments;
import dev.sagashop.platform.messaging.Inbox;
import dev.sagashop.testsupport.RealInfrastructure;
import dev.sagashop.testsupport.ServiceInfrastructureContract;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@RealInfrastructure
class PaymentsServiceIT implements ServiceInfrastructureContract {

	@Override
	public String apiPath() {
		return "/api/payments?orderId=" + UUID.randomUUID();
	}

	@Autowired
	Payments payments;

	@Autowired
	TransactionTemplate transactions;

	@Test
	void keepsAnOrdersLedgerInOrder() {
		UUID orderId = UUID.randomUUID();
		Payment charge = saved(Payment.charge(orderId, "it-alice", new CardToken("tok_visa"), 2899, "EUR"));
		saved(charge.refund());
		assertThat(this.payments.findByOrderIdOrderByCreatedAt(orderId)).extracting(Payment::getType)
			.containsExactly(Payment.Type.CHARGE, Payment.Type.REFUND);
	}

	@Test
	void readsAnOrdersLedgerWithItsTombstoneInOneStatement() {
		UUID charged = UUID.randomUUID();
		UUID refundedFirst = UUID.randomUUID();
		assertThat(this.payments.ledgerOf(charged)).isEqualTo(new Payments.Ledger(List.of(), false));

		Payment charge = saved(Payment.charge(charged, "it-alice", new CardToken("tok_visa"), 2899, "EUR"));
		Payment refund = saved(charge.refund());
		Payments.Ledger ledger = this.payments.ledgerOf(charged);
		assertThat(ledger.tombstoned()).isFalse();
		assertThat(ledger.find(Payment.Type.CHARGE)).get().extracting(Payment::getId).isEqualTo(charge.getId());
		assertThat(ledger.find(Payment.Type.REFUND)).get().extracting(Payment::getId).isEqualTo(refund.getId());

		this.transactions.executeWithoutResult((status) -> this.payments.tombstone(refundedFirst));
		assertThat(this.payments.ledgerOf(refundedFirst)).isEqualTo(new Payments.Ledger(List.of(), true));
	}

	@Test
	void aCommandsInboxRowTakesItsOrdersLockUntilTheTransactionEnds(@Autowired Inbox inbox, @Autowired JdbcClient jdbc)
			throws Exception {
		UUID orderId = UUID.randomUUID();
		UUID messageId = UUID.randomUUID();
		CountDownLatch recorded = new CountDownLatch(1);
		CountDownLatch done = new CountDownLatch(1);
		CompletableFuture<Boolean> first = CompletableFuture.supplyAsync(() -> this.transactions.execute((status) -> {
			boolean delivered = inbox.firstDelivery(messageId, orderId);
			recorded.countDown();
			await(done);
			return delivered;
		}));
		assertThat(recorded.await(10, TimeUnit.SECONDS)).isTrue();
		assertThat(tryLock(jdbc, orderId)).as("held by the transaction that recorded the command").isFalse();
		done.countDown();
		assertThat(first.get(10, TimeUnit.SECONDS)).isTrue();
		assertThat(tryLock(jdbc, orderId)).as("released at its commit").isTrue();
		Boolean again = this.transactions.execute((status) -> inbox.firstDelivery(messageId, orderId));
		assertThat(again).as("the same command again").isFalse();
	}

	/**
	 * Whether another connection could take the order's lock now (it lets go at once).
	 */
	private static boolean tryLock(JdbcClient jdbc, UUID orderId) {
		return jdbc.sql("SELECT pg_try_advisory_xact_lock(hashtextextended(CAST(? AS text), 0))")
			.param(orderId)
			.query(Boolean.class)
			.single();
	}

	private static void await(CountDownLatch latch) {
		try {
			latch.await(10, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/** Saves as a command's transaction does: the row is written when it commits. */
	private Payment saved(Payment payment) {
		return this.transactions.execute((status) -> this.payments.save(payment));
	}

}
