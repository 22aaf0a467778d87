package dev.sagashop.inventory;

import java.util.List;
import java.util.UUID;

import au.com.dius.pact.provider.MessageAndMetadata;
import au.com.dius.pact.provider.PactVerifyProvider;
import au.com.dius.pact.provider.junit5.MessageTestTarget;
import au.com.dius.pact.provider.junit5.PactVerificationContext;
import au.com.dius.pact.provider.junit5.PactVerificationInvocationContextProvider;
import au.com.dius.pact.provider.junitsupport.Provider;
import au.com.dius.pact.provider.junitsupport.loader.PactFolder;
import dev.sagashop.events.Envelope;
import dev.sagashop.events.ReleaseStock;
import dev.sagashop.events.ReserveStock;
import dev.sagashop.events.Topics;
import dev.sagashop.inventory.catalog.Product;
import dev.sagashop.inventory.catalog.Products;
import dev.sagashop.platform.messaging.MessageCodec;
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
 * inventory-service as the provider of its replies: every reply its consumers' committed
 * contracts name, as the service really sends it, checked against the contract.
 */
@SpringBootTest
@RealInfrastructure
@Provider("inventory-service")
@PactFolder(MessageContracts.DIRECTORY)
class ReplyContractIT {

	@Autowired
	Products products;

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

	@PactVerifyProvider("a StockReserved on " + Topics.SAGA_REPLIES)
	public MessageAndMetadata stockReserved() throws Exception {
		return MessageContracts.sent(this.messages.awaitReplyRecords(reserve(5), 1).get(0));
	}

	@PactVerifyProvider("a StockUnavailable on " + Topics.SAGA_REPLIES)
	public MessageAndMetadata stockUnavailable() throws Exception {
		return MessageContracts.sent(this.messages.awaitReplyRecords(reserve(1), 1).get(0));
	}

	@PactVerifyProvider("a StockReleased on " + Topics.SAGA_REPLIES)
	public MessageAndMetadata stockReleased() throws Exception {
		UUID orderId = reserve(5);
		this.messages.send(Topics.INVENTORY_COMMANDS, Envelope.of(orderId, null, new ReleaseStock(orderId)));
		return MessageContracts.sent(this.messages.awaitReplyRecords(orderId, 2).get(1));
	}

	/** Reserves two of a new product of which this many are available. */
	private UUID reserve(int available) throws Exception {
		String sku = "IT-" + UUID.randomUUID().toString().substring(0, 8);
		this.products.save(new Product(sku, "Item", 100, "EUR", available));
		UUID orderId = UUID.randomUUID();
		this.messages.send(Topics.INVENTORY_COMMANDS,
				Envelope.of(orderId, null, new ReserveStock(orderId, List.of(new ReserveStock.Line(sku, 2)))));
		return orderId;
	}

}
