package dev.sagashop.payments;

import java.util.List;
import java.util.UUID;

import au.com.dius.pact.provider.MessageAndMetadata;
import au.com.dius.pact.provider.PactVerifyProvider;
import au.com.dius.pact.provider.junit5.MessageTestTarget;
import au.com.dius.pact.provider.junit5.PactVerificationContext;
import au.com.dius.pact.provider.junit5.PactVerificationInvocationContextProvider;
import au.com.dius.pact.provider.junitsupport.Provider;
import au.com.dius.pact.provider.junitsupport.loader.PactFolder;
import dev.sagashop.events.ChargePayment;
import dev.sagashop.events.Envelope;
import dev.sagashop.events.RefundPayment;
import dev.sagashop.events.Topics;
import dev.sagashop.platform.messaging.MessageCodec;
import dev.sagashop.testsupport.MessageContracts;
import dev.sagashop.testsupport.RealInfrastructure;
import dev.sagashop.testsupport.SagaMessages;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestTemplate;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * payments-service as the provider of its replies: every reply its consumers' committed
 * contracts name, as the service really sends it, checked against the contract.
 */
@SpringBootTest
@RealInfrastructure
@Provider("payments-service")
@PactFolder(MessageContracts.DIRECTORY)
class ReplyContractIT {

	SagaMessages messages;

	@BeforeEach
	void connect(PactVerificationContext context, @Autowired KafkaTemplate<String, String> kafka,
			@Autowired ConsumerFactory<String, String> consumers, @Autowired MessageCodec codec) {
		context.setTarget(new MessageTestTarget(List.of(getClass().getPackageName())));
		this.messages = new SagaMessages(kafka, consumers, codec);
	}

	@AfterEach
	void disconnect() {
		this.messages.close();
	}

	@TestTemplate
	@ExtendWith(PactVerificationInvocationContextProvider.class)
	void sendsWhatItsConsumersExpect(PactVerificationContext context) {
		context.verifyInteraction();
	}

	@PactVerifyProvider("a PaymentCharged on " + Topics.SAGA_REPLIES)
	public MessageAndMetadata paymentCharged() throws Exception {
		return MessageContracts.sent(replies(charge("tok_visa")).get(0));
	}

	@PactVerifyProvider("a PaymentDeclined on " + Topics.SAGA_REPLIES)
	public MessageAndMetadata paymentDeclined() throws Exception {
		return MessageContracts.sent(replies(charge("tok_chargeDeclined")).get(0));
	}

	@PactVerifyProvider("a PaymentRefunded on " + Topics.SAGA_REPLIES)
	public MessageAndMetadata paymentRefunded() throws Exception {
		UUID orderId = charge("tok_visa");
		this.messages.send(Topics.PAYMENT_COMMANDS, Envelope.of(orderId, null, new RefundPayment(orderId)));
		return MessageContracts.sent(replies(orderId, 2).get(1));
	}

	private UUID charge(String cardToken) throws Exception {
		UUID orderId = UUID.randomUUID();
		this.messages.send(Topics.PAYMENT_COMMANDS,
				Envelope.of(orderId, null, new ChargePayment(orderId, "alice", 2500, "EUR", cardToken)));
		return orderId;
	}

	private List<ConsumerRecord<String, String>> replies(UUID orderId) {
		return replies(orderId, 1);
	}

	private List<ConsumerRecord<String, String>> replies(UUID orderId, int count) {
		return this.messages.awaitReplyRecords(orderId, count);
	}

}
