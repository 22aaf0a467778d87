package dev.sagashop.payments;

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
import dev.sagashop.platform.messaging.MessageCodec;
import dev.sagashop.testsupport.RealInfrastructure;
import dev.sagashop.testsupport.SagaMessages;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.KafkaTemplate;

import static org.assertj.core.api.Assertions.assertThat;

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
