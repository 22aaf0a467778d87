package dev.sagashop.shipping;

import java.util.List;
import java.util.UUID;

import au.com.dius.pact.core.model.messaging.Message;
import au.com.dius.pact.core.model.messaging.MessagePact;
import dev.sagashop.events.ShipmentCancelled;
import dev.sagashop.events.ShipmentScheduled;
import dev.sagashop.events.Topics;
import dev.sagashop.platform.messaging.MessageCodec;
import dev.sagashop.shipping.shipment.Shipment;
import dev.sagashop.shipping.shipment.Shipments;
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
 * shipping-service as a consumer of orders-service's commands: what it needs of them (the
 * contract, committed in contracts/), and that it acts on the contract's messages as
 * sent.
 */
@SpringBootTest
@RealInfrastructure
class CommandContractIT {

	/**
	 * What shipping-service reads of each command.
	 * @return the pact, consumer shipping-service, provider orders-service
	 */
	static MessagePact commandsOfOrders() {
		var pact = MessageContracts.between("shipping-service", "orders-service");
		MessageContracts.expects(pact, Topics.SHIPPING_COMMANDS, "ScheduleShipment",
				(payload) -> payload.uuid("orderId", ORDER)
					.stringType("customerId", "alice")
					.object("address",
							(address) -> address.stringType("name", "Alice Doe")
								.stringType("line1", "1 Main Street")
								.stringType("city", "Berlin")
								.stringType("postalCode", "10115")
								.stringMatcher("country", "[A-Z]{2}", "DE")));
		MessageContracts.expects(pact, Topics.SHIPPING_COMMANDS, "CancelShipment",
				(payload) -> payload.uuid("orderId", ORDER));
		return pact.toPact(MessagePact.class);
	}

	@Autowired
	Shipments shipments;

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
	void schedulesAndCancelsOnTheContractsMessages() throws Exception {
		List<Message> contract = commandsOfOrders().getMessages();
		UUID orderId = UUID.randomUUID();
		this.messages.send(Topics.SHIPPING_COMMANDS, orderId, MessageContracts.forOrder(contract.get(0), orderId));
		assertThat(this.messages.awaitReplies(orderId, 1)).singleElement().isInstanceOf(ShipmentScheduled.class);
		assertThat(this.shipments.findByOrderId(orderId)).singleElement()
			.satisfies((shipment) -> assertThat(shipment.getStatus()).isEqualTo(Shipment.Status.SCHEDULED));
		this.messages.send(Topics.SHIPPING_COMMANDS, orderId, MessageContracts.forOrder(contract.get(1), orderId));
		assertThat(this.messages.awaitReplies(orderId, 2)).last().isEqualTo(new ShipmentCancelled(orderId));
		assertThat(this.shipments.findByOrderId(orderId)).singleElement()
			.satisfies((shipment) -> assertThat(shipment.getStatus()).isEqualTo(Shipment.Status.CANCELLED));
	}

}
