package dev.sagashop.orders.checkout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import au.com.dius.pact.core.model.messaging.Message;
import au.com.dius.pact.core.model.messaging.MessagePact;
import dev.sagashop.events.Topics;
import dev.sagashop.orders.order.Order;
import dev.sagashop.orders.order.OrderLine;
import dev.sagashop.orders.order.OrderStatus;
import dev.sagashop.orders.order.Orders;
import dev.sagashop.orders.order.ShippingAddress;
import dev.sagashop.platform.messaging.MessageCodec;
import dev.sagashop.testsupport.MessageContracts;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;

import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.KafkaTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Runs sagas on the real orders-service with no participant: answers its commands with
 * the replies of orders-service's contracts (as a participant would send them) and
 * collects the commands it sends, as the broker has them.
 */
final class ContractSagas implements AutoCloseable {

	private final CheckoutOrchestrator orchestrator;

	private final Orders orders;

	private final KafkaTemplate<String, String> kafka;

	private final MessageCodec codec;

	private final Consumer<String, String> commands;

	private final List<ConsumerRecord<String, String>> received = new ArrayList<>();

	private final Map<String, Message> replies;

	ContractSagas(CheckoutOrchestrator orchestrator, Orders orders, KafkaTemplate<String, String> kafka,
			ConsumerFactory<String, String> consumers, MessageCodec codec, List<MessagePact> contracts) {
		this.orchestrator = orchestrator;
		this.orders = orders;
		this.kafka = kafka;
		this.codec = codec;
		this.commands = consumers.createConsumer("contract-sagas-" + UUID.randomUUID(), null);
		this.commands.subscribe(List.of(Topics.PAYMENT_COMMANDS, Topics.INVENTORY_COMMANDS, Topics.SHIPPING_COMMANDS));
		this.replies = contracts.stream()
			.flatMap((pact) -> pact.getMessages().stream())
			.collect(Collectors.toMap((message) -> MessageContracts.typeOf(message), (message) -> message));
	}

	/** Places an order of 2 500 cents, as a customer's POST does. */
	UUID place() {
		return this.orchestrator.place(Order.place("it-contracts", List.of(new OrderLine("SKU-1", 1, 2500)), "EUR",
				new ShippingAddress("Ada", "1 Main St", "Berlin", "10115", "DE")), "tok_visa", null)
			.getId();
	}

	/** Places an order and answers each step's command with its success. */
	UUID confirmed() throws Exception {
		UUID orderId = place();
		awaitCommand(orderId, "ChargePayment");
		reply(orderId, "PaymentCharged");
		awaitCommand(orderId, "ReserveStock");
		reply(orderId, "StockReserved");
		awaitCommand(orderId, "ScheduleShipment");
		reply(orderId, "ShipmentScheduled");
		awaitStatus(orderId, OrderStatus.CONFIRMED);
		return orderId;
	}

	void cancel(UUID orderId) {
		assertThat(this.orchestrator.cancel(orderId)).as("cancelled %s", orderId).isPresent();
	}

	/**
	 * Sends the contract's reply of this type for the order.
	 * @return the message id it was sent with
	 */
	UUID reply(UUID orderId, String type) throws Exception {
		Message contract = this.replies.get(type);
		assertThat(contract).as("a reply %s in orders-service's contracts", type).isNotNull();
		String reply = MessageContracts.forOrder(contract, orderId);
		this.kafka.send(new ProducerRecord<>(Topics.SAGA_REPLIES, orderId.toString(), reply)).get(30, TimeUnit.SECONDS);
		return this.codec.decode(reply).messageId();
	}

	/** Waits for the order's command of this type and returns it as the broker has it. */
	ConsumerRecord<String, String> awaitCommand(UUID orderId, String type) {
		await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
			this.commands.poll(Duration.ofMillis(100)).forEach(this.received::add);
			assertThat(commandOf(orderId, type)).as("%s for %s", type, orderId).isNotNull();
		});
		return commandOf(orderId, type);
	}

	void awaitStatus(UUID orderId, OrderStatus status) {
		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> assertThat(order(orderId).getStatus()).as("%s", orderId).isEqualTo(status));
	}

	Order order(UUID orderId) {
		return this.orders.findById(orderId).orElseThrow();
	}

	private ConsumerRecord<String, String> commandOf(UUID orderId, String type) {
		return this.received.stream()
			.filter((record) -> orderId.toString().equals(record.key()))
			.filter((record) -> type.equals(this.codec.decode(record.value()).type()))
			.findFirst()
			.orElse(null);
	}

	@Override
	public void close() {
		this.commands.close();
	}

}
