package dev.sagashop.payments;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import dev.sagashop.events.ChargePayment;
import dev.sagashop.events.Envelope;
import dev.sagashop.events.PaymentCharged;
import dev.sagashop.events.PaymentDeclined;
import dev.sagashop.events.PaymentRefunded;
import dev.sagashop.events.RefundPayment;
import dev.sagashop.events.Topics;
import dev.sagashop.payments.payment.Payment;
import dev.sagashop.payments.payment.Payments;
import dev.sagashop.platform.messaging.DeadLetters;
import dev.sagashop.platform.messaging.MessageCodec;
import dev.sagashop.testsupport.RealInfrastructure;
import dev.sagashop.testsupport.SagaMessages;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.MessageListenerContainer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@SpringBootTest
@RealInfrastructure
class PaymentCommandsIT {

	@Autowired
	Payments payments;

	SagaMessages messages;

	@BeforeEach
	void connect(@Autowired KafkaTemplate<String, String> kafka, @Autowired ConsumerFactory<String, String> consumers,
			@Autowired MessageCodec codec) {
		this.messages = new SagaMessages(kafka, consumers, codec);
	}

	@AfterEach
	void disconnect() {
		this.messages.close();
	}

	@Test
	void chargesOnceWhenTheSameCommandIsDeliveredTwiceOrSentAgain() throws Exception {
		UUID orderId = UUID.randomUUID();
		Envelope<ChargePayment> charge = Envelope.of(orderId, null,
				new ChargePayment(orderId, "alice", 2500, "EUR", "tok_visa"));
		this.messages.send(Topics.PAYMENT_COMMANDS, charge);
		this.messages.send(Topics.PAYMENT_COMMANDS, charge);
		this.messages.send(Topics.PAYMENT_COMMANDS,
				Envelope.of(orderId, null, new ChargePayment(orderId, "alice", 2500, "EUR", "tok_visa")));
		List<?> replies = this.messages.awaitReplies(orderId, 2);
		assertThat(replies).hasSize(2).allSatisfy((reply) -> assertThat(reply).isInstanceOf(PaymentCharged.class));
		assertThat(this.payments.findByOrderIdOrderByCreatedAt(orderId)).singleElement()
			.satisfies((payment) -> assertThat(payment.getAmount()).isEqualTo(2500));
	}

	/**
	 * Commands that wait while the listeners are stopped come in a few polls: each poll's
	 * are handled in one transaction, a command twice in a poll once, and a malformed one
	 * among them fails its poll's transaction, after which the poll's commands are taken
	 * one at a time: the malformed one is parked, every other one charged once.
	 */
	@Test
	void takesAPollsCommandsInOneTransactionAndABadOneAlone(@Autowired KafkaListenerEndpointRegistry listeners,
			@Autowired MeterRegistry meters, @Autowired DeadLetters deadLetters) throws Exception {
		DistributionSummary sizes = meters.get("sagashop.inbox.batch.size").summary();
		long transactionsBefore = sizes.count();
		double recordsBefore = sizes.totalAmount();
		double fallbacksBefore = meters.get("sagashop.inbox.batch.fallbacks").counter().count();
		List<UUID> orders = new ArrayList<>();
		UUID malformed = UUID.randomUUID();
		listeners.getListenerContainers().forEach(MessageListenerContainer::stop);
		try {
			for (int i = 0; i < 12; i++) {
				UUID orderId = UUID.randomUUID();
				orders.add(orderId);
				Envelope<ChargePayment> charge = Envelope.of(orderId, null,
						new ChargePayment(orderId, "alice", 100 + i, "EUR", "tok_visa"));
				this.messages.send(Topics.PAYMENT_COMMANDS, charge);
				if (i == 3) {
					this.messages.send(Topics.PAYMENT_COMMANDS, charge);
				}
				if (i == 6) {
					this.messages.send(Topics.PAYMENT_COMMANDS, malformed, "{\"not\":\"a command\"");
				}
			}
		}
		finally {
			listeners.getListenerContainers().forEach(MessageListenerContainer::start);
		}
		for (int i = 0; i < orders.size(); i++) {
			UUID orderId = orders.get(i);
			assertThat(this.messages.awaitReplies(orderId, 1)).singleElement().isInstanceOf(PaymentCharged.class);
			assertThat(this.payments.findByOrderIdOrderByCreatedAt(orderId)).singleElement()
				.satisfies((payment) -> assertThat(payment.getStatus()).isEqualTo(Payment.Status.SUCCEEDED));
		}
		await().atMost(Duration.ofSeconds(30))
			.until(() -> deadLetters.list().stream().anyMatch((letter) -> malformed.toString().equals(letter.key())));
		assertThat(meters.get("sagashop.inbox.batch.fallbacks").counter().count()).as("polls taken one at a time")
			.isGreaterThan(fallbacksBefore);
		assertThat((sizes.totalAmount() - recordsBefore) / (sizes.count() - transactionsBefore))
			.as("records per transaction")
			.isGreaterThan(1);
	}

	@Test
	void refusesAChargeThatArrivesAfterItsRefund() throws Exception {
		UUID orderId = UUID.randomUUID();
		this.messages.send(Topics.PAYMENT_COMMANDS, Envelope.of(orderId, null, new RefundPayment(orderId)));
		this.messages.send(Topics.PAYMENT_COMMANDS,
				Envelope.of(orderId, null, new ChargePayment(orderId, "alice", 2500, "EUR", "tok_visa")));
		assertThat(this.messages.awaitReplies(orderId, 2)).containsExactly(new PaymentRefunded(orderId, 0),
				new PaymentDeclined(orderId, "The order was cancelled before the charge arrived"));
		assertThat(this.payments.findByOrderIdOrderByCreatedAt(orderId))
			.noneMatch((payment) -> payment.getStatus() == Payment.Status.SUCCEEDED);
	}

	@Test
	void refundsASucceededChargeOnceAndDeclinesTheDeclineToken() throws Exception {
		UUID paid = UUID.randomUUID();
		this.messages.send(Topics.PAYMENT_COMMANDS,
				Envelope.of(paid, null, new ChargePayment(paid, "bob", 990, "EUR", "tok_mastercard")));
		Envelope<RefundPayment> refund = Envelope.of(paid, null, new RefundPayment(paid));
		this.messages.send(Topics.PAYMENT_COMMANDS, refund);
		this.messages.send(Topics.PAYMENT_COMMANDS, Envelope.of(paid, null, new RefundPayment(paid)));
		assertThat(this.messages.awaitReplies(paid, 3)).last().isEqualTo(new PaymentRefunded(paid, 990));
		assertThat(this.payments.findByOrderIdOrderByCreatedAt(paid)).extracting(Payment::getType)
			.containsExactly(Payment.Type.CHARGE, Payment.Type.REFUND);

		UUID declined = UUID.randomUUID();
		this.messages.send(Topics.PAYMENT_COMMANDS,
				Envelope.of(declined, null, new ChargePayment(declined, "bob", 990, "EUR", "tok_chargeDeclined")));
		assertThat(this.messages.awaitReplies(declined, 1)).singleElement().isInstanceOf(PaymentDeclined.class);
	}

}
