package dev.sagashop.shipping;

import java.util.List;
import java.util.UUID;

import au.com.dius.pact.provider.MessageAndMetadata;
import au.com.dius.pact.provider.PactVerifyProvider;
import au.com.dius.pact.provider.junit5.MessageTestTarget;
import au.com.dius.pact.provider.junit5.PactVerificationContext;
import au.com.dius.pact.provider.junit5.PactVerificationInvocationContextProvider;
import au.com.dius.pact.provider.junitsupport.Provider;
import au.com.dius.pact.provider.junitsupport.loader.PactFolder;
import dev.sagashop.events.CancelShipment;
import dev.sagashop.events.Envelope;
import dev.sagashop.events.ScheduleShipment;
import dev.sagashop.events.ShipmentScheduled;
import dev.sagashop.events.Topics;
import dev.sagashop.platform.messaging.MessageCodec;
import dev.sagashop.shipping.shipment.Dispatcher;
import dev.sagashop.testsupport.MessageContracts;
import dev.sagashop.testsupport.RealInfrastructure;
import dev.sagashop.testsupport.SagaMessages;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestTemplate;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * shipping-service as the provider of its replies: every reply its consumers' committed
 * contracts name, as the service really sends it, checked against the contract.
 */
@SpringBootTest
@RealInfrastructure
@Provider("shipping-service")
@PactFolder(MessageContracts.DIRECTORY)
class ReplyContractIT {

	static final ScheduleShipment.Address BERLIN = new ScheduleShipment.Address("Ada", "1 Main St", "Berlin", "10115",
			"DE");

	@Autowired
	Dispatcher dispatcher;

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

	@PactVerifyProvider("a ShipmentScheduled on " + Topics.SAGA_REPLIES)
	public MessageAndMetadata shipmentScheduled() throws Exception {
		return MessageContracts.sent(this.messages.awaitReplyRecords(schedule(BERLIN), 1).get(0));
	}

	@PactVerifyProvider("a ShipmentRefused on " + Topics.SAGA_REPLIES)
	public MessageAndMetadata shipmentRefused() throws Exception {
		UUID orderId = schedule(new ScheduleShipment.Address("Ada", "Base 1", "McMurdo", "0000", "AQ"));
		return MessageContracts.sent(this.messages.awaitReplyRecords(orderId, 1).get(0));
	}

	@PactVerifyProvider("a ShipmentCancelled on " + Topics.SAGA_REPLIES)
	public MessageAndMetadata shipmentCancelled() throws Exception {
		UUID orderId = schedule(BERLIN);
		this.messages.awaitReplyRecords(orderId, 1);
		this.messages.send(Topics.SHIPPING_COMMANDS, Envelope.of(orderId, null, new CancelShipment(orderId)));
		return MessageContracts.sent(this.messages.awaitReplyRecords(orderId, 2).get(1));
	}

	/** The announcement that the carrier collected the parcel. */
	@PactVerifyProvider("a ShipmentDispatched on " + Topics.SAGA_REPLIES)
	public MessageAndMetadata shipmentDispatched() throws Exception {
		UUID orderId = schedule(BERLIN);
		ShipmentScheduled scheduled = (ShipmentScheduled) this.messages.awaitReplies(orderId, 1).get(0);
		this.dispatcher.dispatch(scheduled.shipmentId());
		return MessageContracts.sent(this.messages.awaitReplyRecords(orderId, 2).get(1));
	}

	private UUID schedule(ScheduleShipment.Address address) throws Exception {
		UUID orderId = UUID.randomUUID();
		this.messages.send(Topics.SHIPPING_COMMANDS,
				Envelope.of(orderId, null, new ScheduleShipment(orderId, "alice", address)));
		return orderId;
	}

}
