package dev.sagashop.orders.checkout;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import au.com.dius.pact.provider.MessageAndMetadata;
import au.com.dius.pact.provider.PactVerifyProvider;
import au.com.dius.pact.provider.junit5.MessageTestTarget;
import au.com.dius.pact.provider.junit5.PactVerificationContext;
import au.com.dius.pact.provider.junit5.PactVerificationInvocationContextProvider;
import au.com.dius.pact.provider.junitsupport.Provider;
import au.com.dius.pact.provider.junitsupport.loader.PactFolder;
import dev.sagashop.events.Topics;
import dev.sagashop.orders.order.Orders;
import dev.sagashop.platform.messaging.MessageCodec;
import dev.sagashop.testsupport.MessageContracts;
import dev.sagashop.testsupport.RealInfrastructure;
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
 * orders-service as the provider of the saga's commands: every command its consumers'
 * committed contracts name, as the orchestrator really sends it in a saga that is
 * confirmed and then cancelled, checked against the contract.
 */
@SpringBootTest
@RealInfrastructure
@Provider("orders-service")
@PactFolder(MessageContracts.DIRECTORY)
class CommandContractIT {

	/** One saga's commands, by type: it sends all six. */
	static final Map<String, ConsumerRecord<String, String>> SENT = new ConcurrentHashMap<>();

	ContractSagas sagas;

	@BeforeEach
	void connect(PactVerificationContext context, @Autowired CheckoutOrchestrator orchestrator,
			@Autowired Orders orders, @Autowired KafkaTemplate<String, String> kafka,
			@Autowired ConsumerFactory<String, String> consumers, @Autowired MessageCodec codec) {
		context.setTarget(new MessageTestTarget(List.of(getClass().getPackageName())));
		this.sagas = new ContractSagas(orchestrator, orders, kafka, consumers, codec, ReplyContractIT.contracts());
	}

	@AfterEach
	void disconnect() {
		this.sagas.close();
	}

	@TestTemplate
	@ExtendWith(PactVerificationInvocationContextProvider.class)
	void sendsWhatItsConsumersExpect(PactVerificationContext context) {
		context.verifyInteraction();
	}

	@PactVerifyProvider("a ChargePayment on " + Topics.PAYMENT_COMMANDS)
	public MessageAndMetadata chargePayment() throws Exception {
		return sent("ChargePayment");
	}

	@PactVerifyProvider("a RefundPayment on " + Topics.PAYMENT_COMMANDS)
	public MessageAndMetadata refundPayment() throws Exception {
		return sent("RefundPayment");
	}

	@PactVerifyProvider("a ReserveStock on " + Topics.INVENTORY_COMMANDS)
	public MessageAndMetadata reserveStock() throws Exception {
		return sent("ReserveStock");
	}

	@PactVerifyProvider("a ReleaseStock on " + Topics.INVENTORY_COMMANDS)
	public MessageAndMetadata releaseStock() throws Exception {
		return sent("ReleaseStock");
	}

	@PactVerifyProvider("a ScheduleShipment on " + Topics.SHIPPING_COMMANDS)
	public MessageAndMetadata scheduleShipment() throws Exception {
		return sent("ScheduleShipment");
	}

	@PactVerifyProvider("a CancelShipment on " + Topics.SHIPPING_COMMANDS)
	public MessageAndMetadata cancelShipment() throws Exception {
		return sent("CancelShipment");
	}

	/** The command of this type of a saga confirmed, then cancelled: run once. */
	private MessageAndMetadata sent(String type) throws Exception {
		synchronized (SENT) {
			if (SENT.isEmpty()) {
				UUID orderId = this.sagas.confirmed();
				this.sagas.cancel(orderId);
				this.sagas.awaitCommand(orderId, "CancelShipment");
				this.sagas.reply(orderId, "ShipmentCancelled");
				this.sagas.awaitCommand(orderId, "ReleaseStock");
				this.sagas.reply(orderId, "StockReleased");
				for (String command : List.of("ChargePayment", "ReserveStock", "ScheduleShipment", "CancelShipment",
						"ReleaseStock", "RefundPayment")) {
					SENT.put(command, this.sagas.awaitCommand(orderId, command));
				}
			}
		}
		return MessageContracts.sent(SENT.get(type));
	}

}
