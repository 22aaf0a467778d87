package dev.sagashop.orders.checkout;

import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

import au.com.dius.pact.consumer.dsl.PactDslJsonRootValue;
import au.com.dius.pact.core.model.messaging.MessagePact;
import dev.sagashop.events.Topics;
import dev.sagashop.orders.order.FailureReason;
import dev.sagashop.orders.order.HistoryEntry;
import dev.sagashop.orders.order.OrderStatus;
import dev.sagashop.orders.order.Orders;
import dev.sagashop.platform.messaging.MessageCodec;
import dev.sagashop.testsupport.MessageContracts;
import dev.sagashop.testsupport.RealInfrastructure;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.KafkaTemplate;

import static dev.sagashop.testsupport.MessageContracts.ORDER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * orders-service as the consumer of the participants' replies: what it needs of each (the
 * contracts, committed in contracts/), and that its sagas take every path on the
 * contracts' messages as sent.
 */
@SpringBootTest
@RealInfrastructure
class ReplyContractIT {

	static final String REPLIES = Topics.SAGA_REPLIES;

	/**
	 * What orders-service reads of payments-service's replies.
	 * @return the pact
	 */
	static MessagePact repliesOfPayments() {
		var pact = MessageContracts.between("orders-service", "payments-service");
		MessageContracts.expects(pact, REPLIES, "PaymentCharged",
				(payload) -> payload.uuid("orderId", ORDER)
					.uuid("paymentId", UUID.fromString("6f2d9c4a-8b1e-4f3a-a7c5-2e9b0d1f3c77"))
					.integerType("amount", 2500));
		MessageContracts.expects(pact, REPLIES, "PaymentDeclined",
				(payload) -> payload.uuid("orderId", ORDER).stringType("reason", "The card was declined"));
		MessageContracts.expects(pact, REPLIES, "PaymentRefunded",
				(payload) -> payload.uuid("orderId", ORDER).integerType("amount", 2500));
		return pact.toPact(MessagePact.class);
	}

	/**
	 * What orders-service reads of inventory-service's replies.
	 * @return the pact
	 */
	static MessagePact repliesOfInventory() {
		var pact = MessageContracts.between("orders-service", "inventory-service");
		MessageContracts.expects(pact, REPLIES, "StockReserved", (payload) -> payload.uuid("orderId", ORDER));
		MessageContracts.expects(pact, REPLIES, "StockUnavailable", (payload) -> payload.uuid("orderId", ORDER)
			.eachLike("skus", PactDslJsonRootValue.stringType("MUG-001")));
		MessageContracts.expects(pact, REPLIES, "StockReleased", (payload) -> payload.uuid("orderId", ORDER));
		return pact.toPact(MessagePact.class);
	}

	/**
	 * What orders-service reads of shipping-service's replies.
	 * @return the pact
	 */
	static MessagePact repliesOfShipping() {
		var pact = MessageContracts.between("orders-service", "shipping-service");
		MessageContracts.expects(pact, REPLIES, "ShipmentScheduled",
				(payload) -> payload.uuid("orderId", ORDER)
					.uuid("shipmentId", UUID.fromString("6f2d9c4a-8b1e-4f3a-a7c5-2e9b0d1f3c77"))
					.stringType("carrier", "DHL")
					.stringType("trackingNumber", "DHL-0000000001")
					.date("estimatedDelivery", "yyyy-MM-dd", LocalDate.parse("2026-12-05")));
		MessageContracts.expects(pact, REPLIES, "ShipmentRefused",
				(payload) -> payload.uuid("orderId", ORDER).stringType("reason", "No carrier delivers to AQ"));
		MessageContracts.expects(pact, REPLIES, "ShipmentCancelled", (payload) -> payload.uuid("orderId", ORDER));
		MessageContracts.expects(pact, REPLIES, "ShipmentDispatched",
				(payload) -> payload.uuid("orderId", ORDER)
					.uuid("shipmentId", UUID.fromString("6f2d9c4a-8b1e-4f3a-a7c5-2e9b0d1f3c77"))
					.stringMatcher("dispatchedAt", MessageContracts.INSTANT_PATTERN, "2026-12-02T10:15:30.123456Z"));
		return pact.toPact(MessagePact.class);
	}

	static List<MessagePact> contracts() {
		return List.of(repliesOfPayments(), repliesOfInventory(), repliesOfShipping());
	}

	ContractSagas sagas;

	@BeforeEach
	void connect(@Autowired CheckoutOrchestrator orchestrator, @Autowired Orders orders,
			@Autowired KafkaTemplate<String, String> kafka, @Autowired ConsumerFactory<String, String> consumers,
			@Autowired MessageCodec codec) {
		this.sagas = new ContractSagas(orchestrator, orders, kafka, consumers, codec, contracts());
	}

	@AfterEach
	void disconnect() {
		this.sagas.close();
	}

	@Test
	void expectsWhatTheCommittedContractsSay() {
		contracts().forEach(MessageContracts::assertCommitted);
	}

	@Test
	void confirmsAndCancelsOnTheContractsReplies() throws Exception {
		UUID orderId = this.sagas.confirmed();

		this.sagas.cancel(orderId);
		this.sagas.awaitCommand(orderId, "CancelShipment");
		this.sagas.reply(orderId, "ShipmentCancelled");
		this.sagas.awaitCommand(orderId, "ReleaseStock");
		this.sagas.reply(orderId, "StockReleased");
		this.sagas.awaitCommand(orderId, "RefundPayment");
		this.sagas.reply(orderId, "PaymentRefunded");
		this.sagas.awaitStatus(orderId, OrderStatus.CANCELLED);
	}

	@Test
	void rejectsOnTheContractsRefusals() throws Exception {
		UUID declined = this.sagas.place();
		this.sagas.awaitCommand(declined, "ChargePayment");
		this.sagas.reply(declined, "PaymentDeclined");
		this.sagas.awaitStatus(declined, OrderStatus.REJECTED);
		assertThat(this.sagas.order(declined).getFailureReason()).isEqualTo(FailureReason.PAYMENT_DECLINED);

		UUID unavailable = this.sagas.place();
		this.sagas.awaitCommand(unavailable, "ChargePayment");
		this.sagas.reply(unavailable, "PaymentCharged");
		this.sagas.awaitCommand(unavailable, "ReserveStock");
		this.sagas.reply(unavailable, "StockUnavailable");
		this.sagas.awaitCommand(unavailable, "RefundPayment");
		this.sagas.reply(unavailable, "PaymentRefunded");
		this.sagas.awaitStatus(unavailable, OrderStatus.REJECTED);
		assertThat(this.sagas.order(unavailable).getFailureReason()).isEqualTo(FailureReason.OUT_OF_STOCK);

		UUID refused = this.sagas.place();
		this.sagas.awaitCommand(refused, "ChargePayment");
		this.sagas.reply(refused, "PaymentCharged");
		this.sagas.awaitCommand(refused, "ReserveStock");
		this.sagas.reply(refused, "StockReserved");
		this.sagas.awaitCommand(refused, "ScheduleShipment");
		this.sagas.reply(refused, "ShipmentRefused");
		this.sagas.awaitCommand(refused, "ReleaseStock");
		this.sagas.reply(refused, "StockReleased");
		this.sagas.awaitCommand(refused, "RefundPayment");
		this.sagas.reply(refused, "PaymentRefunded");
		this.sagas.awaitStatus(refused, OrderStatus.REJECTED);
		assertThat(this.sagas.order(refused).getFailureReason()).isEqualTo(FailureReason.SHIPPING_UNAVAILABLE);
	}

	@Test
	void notesTheDispatchOnTheContractsReply() throws Exception {
		UUID orderId = this.sagas.confirmed();
		this.sagas.reply(orderId, "ShipmentDispatched");
		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> assertThat(this.sagas.order(orderId).getHistory()).extracting(HistoryEntry::outcome)
				.contains("DISPATCHED"));
	}

}
