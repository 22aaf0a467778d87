package dev.sagashop.inventory;

import java.util.List;
import java.util.UUID;

import au.com.dius.pact.core.model.messaging.Message;
import au.com.dius.pact.core.model.messaging.MessagePact;
import dev.sagashop.events.StockReleased;
import dev.sagashop.events.StockReserved;
import dev.sagashop.events.Topics;
import dev.sagashop.inventory.catalog.Product;
import dev.sagashop.inventory.catalog.Products;
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
 * inventory-service as a consumer of orders-service's commands: what it needs of them
 * (the contract, committed in contracts/), and that it acts on the contract's messages as
 * sent.
 */
@SpringBootTest
@RealInfrastructure
class CommandContractIT {

	/** The product of the contract's example. */
	static final String SKU = "MUG-001";

	/**
	 * What inventory-service reads of each command.
	 * @return the pact, consumer inventory-service, provider orders-service
	 */
	static MessagePact commandsOfOrders() {
		var pact = MessageContracts.between("inventory-service", "orders-service");
		MessageContracts.expects(pact, Topics.INVENTORY_COMMANDS, "ReserveStock",
				(payload) -> payload.uuid("orderId", ORDER)
					.eachLike("lines", (line) -> line.stringType("sku", SKU).integerType("quantity", 2)));
		MessageContracts.expects(pact, Topics.INVENTORY_COMMANDS, "ReleaseStock",
				(payload) -> payload.uuid("orderId", ORDER));
		return pact.toPact(MessagePact.class);
	}

	@Autowired
	Products products;

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
	void reservesAndReleasesOnTheContractsMessages() throws Exception {
		if (this.products.findById(SKU).isEmpty()) {
			this.products.save(new Product(SKU, "Mug", 1200, "EUR", 1000));
		}
		int before = available();
		List<Message> contract = commandsOfOrders().getMessages();
		UUID orderId = UUID.randomUUID();
		this.messages.send(Topics.INVENTORY_COMMANDS, orderId, MessageContracts.forOrder(contract.get(0), orderId));
		assertThat(this.messages.awaitReplies(orderId, 1)).containsExactly(new StockReserved(orderId));
		assertThat(available()).isEqualTo(before - 2);
		this.messages.send(Topics.INVENTORY_COMMANDS, orderId, MessageContracts.forOrder(contract.get(1), orderId));
		assertThat(this.messages.awaitReplies(orderId, 2)).last().isEqualTo(new StockReleased(orderId));
		assertThat(available()).isEqualTo(before);
	}

	private int available() {
		return this.products.findById(SKU).orElseThrow().getAvailable();
	}

}
