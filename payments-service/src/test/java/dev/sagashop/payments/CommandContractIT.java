package dev.sagashop.payments;

import java.util.List;
import java.util.UUID;

import au.com.dius.pact.core.model.messaging.Message;
import au.com.dius.pact.core.model.messaging.MessagePact;
import dev.sagashop.events.PaymentCharged;
import dev.sagashop.events.PaymentRefunded;
import dev.sagashop.events.Reply;
import dev.sagashop.events.Topics;
import dev.sagashop.payments.payment.Payment;
import dev.sagashop.payments.payment.Payments;
import dev.sagashop.platform.messaging.MessageCodec;
import dev.sagashop.testsupport.MessageContracts;
import dev.sagashop.testsupport.RealInfrastructure;
import dev.sagashop.testsupport.SagaMessages;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.KafkaTemplate;

import static dev.sagashop.testsupport.MessageContracts.ORDER;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * payments-service as a consumer of orders-service's commands: what it needs of them (the
 * contract, committed in contracts/), and that it acts on the contract's messages as
 * sent.
 */
@SpringBootTest
@RealInfrastructure
class CommandContractIT {

	/**
	 * What payments-service reads of each command.
	 * @return the pact, consumer payments-service, provider orders-service
	 */
	static MessagePact commandsOfOrders() {
		var pact = MessageContracts.between("payments-service", "orders-service");
		MessageContracts.expects(pact, Topics.PAYMENT_COMMANDS, "ChargePayment",
				(payload) -> payload.uuid("orderId", ORDER)
					.stringType("customerId", "alice")
					.integerType("amount", 2500)
					.stringMatcher("currency", "[A-Z]{3}", "EUR")
					.stringType("cardToken", "tok_visa"));
		MessageContracts.expects(pact, Topics.PAYMENT_COMMANDS, "RefundPayment",
				(payload) -> payload.uuid("orderId", ORDER));
		return pact.toPact(MessagePact.class);
	}

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
	void expectsWhatTheCommittedContractSays() {
		MessageContracts.assertCommitted(commandsOfOrders());
	}

	@Test
	void chargesAndRefundsOnTheContractsMessages() throws Exception {
		List<Message> contract = commandsOfOrders().getMessages();
		UUID orderId = UUID.randomUUID();
		this.messages.send(Topics.PAYMENT_COMMANDS, orderId, MessageContracts.forOrder(contract.get(0), orderId));
		List<Reply> replies = this.messages.awaitReplies(orderId, 1);
		assertThat(replies).singleElement()
			.isInstanceOfSatisfying(PaymentCharged.class, (charged) -> assertThat(charged.amount()).isEqualTo(2500));
		this.messages.send(Topics.PAYMENT_COMMANDS, orderId, MessageContracts.forOrder(contract.get(1), orderId));
		assertThat(this.messages.awaitReplies(orderId, 2)).last().isEqualTo(new PaymentRefunded(orderId, 2500));
		assertThat(this.payments.findByOrderIdOrderByCreatedAt(orderId)).extracting(Payment::getType)
			.containsExactly(Payment.Type.CHARGE, Payment.Type.REFUND);
	}

}
