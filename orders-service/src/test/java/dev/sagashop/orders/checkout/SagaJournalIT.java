package dev.sagashop.orders.checkout;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import dev.sagashop.orders.order.OrderStatus;
import dev.sagashop.orders.order.Orders;
import dev.sagashop.platform.messaging.MessageCodec;
import dev.sagashop.testsupport.RealInfrastructure;
import dev.sagashop.testsupport.TestTokens;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.KafkaTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * An order's saga journal, as its owner reads it: every command with the id it went out
 * with on the broker, every reply with the id it came with, the reply it had no use for,
 * the cancellation, in the order they happened (ADR 28).
 */
// No resend during the test: each command is journaled once.
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = "sagashop.checkout.resend-after=5m")
@RealInfrastructure
class SagaJournalIT {

	@LocalServerPort
	int port;

	ContractSagas sagas;

	MessageCodec codec;

	@Autowired
	SagaJournal journal;

	@BeforeEach
	void connect(@Autowired CheckoutOrchestrator orchestrator, @Autowired Orders orders,
			@Autowired KafkaTemplate<String, String> kafka, @Autowired ConsumerFactory<String, String> consumers,
			@Autowired MessageCodec codec) {
		this.codec = codec;
		this.sagas = new ContractSagas(orchestrator, orders, kafka, consumers, codec, ReplyContractIT.contracts());
	}

	@AfterEach
	void disconnect() {
		this.sagas.close();
	}

	@Test
	void journalsEveryMessageOfAConfirmedThenCancelledOrderWithTheIdsTheBrokerCarried() throws Exception {
		UUID orderId = this.sagas.place();
		List<String> expected = new ArrayList<>();
		step(orderId, "ChargePayment", "PaymentCharged", expected);
		step(orderId, "ReserveStock", "StockReserved", expected);
		UUID scheduled = step(orderId, "ScheduleShipment", "ShipmentScheduled", expected);
		this.sagas.awaitStatus(orderId, OrderStatus.CONFIRMED);
		UUID again = this.sagas.reply(orderId, "ShipmentScheduled");
		expected.add("IGNORED ShipmentScheduled " + again + " CONFIRMED");
		await().atMost(Duration.ofSeconds(30))
			.until(() -> this.journal.of(orderId).stream().anyMatch((entry) -> again.equals(entry.messageId())));
		this.sagas.cancel(orderId);
		expected.add("CANCEL_REQUESTED null null CANCELLING_SHIPMENT");
		step(orderId, "CancelShipment", "ShipmentCancelled", expected);
		step(orderId, "ReleaseStock", "StockReleased", expected);
		step(orderId, "RefundPayment", "PaymentRefunded", expected);
		this.sagas.awaitStatus(orderId, OrderStatus.CANCELLED);
		assertThat(scheduled).isNotEqualTo(again);

		HttpResponse<String> owner = journal(orderId, TestTokens.get().valid("it-contracts", "orders"));
		assertThat(owner.statusCode()).isEqualTo(200);
		JsonNode read = JsonMapper.builder().build().readTree(owner.body());
		assertThat(read.get("orderId").asString()).isEqualTo(orderId.toString());
		List<String> entries = new ArrayList<>();
		read.get("entries")
			.forEach((entry) -> entries.add(entry.get("kind").asString() + " " + entry.get("type").asString("null")
					+ " " + entry.get("messageId").asString("null") + " "
					+ (entry.get("kind").asString().equals("SENT") ? "" : entry.get("phase").asString())));
		assertThat(entries).containsExactlyElementsOf(expected);
		assertThat(read.get("entries").get(entries.size() - 1).get("phase").asString()).isEqualTo("CANCELLED");
	}

	@Test
	void showsAnOrdersJournalToItsOwnerAndAdminsOnly() throws Exception {
		UUID orderId = this.sagas.place();
		this.sagas.awaitCommand(orderId, "ChargePayment");
		assertThat(journal(orderId, TestTokens.get().valid("someone-else", "orders")).statusCode()).isEqualTo(404);
		HttpResponse<String> admin = journal(orderId, TestTokens.get().valid("ops", "orders", "admin"));
		assertThat(admin.statusCode()).isEqualTo(200);
		assertThat(admin.body()).contains("\"kind\":\"SENT\"", "\"type\":\"ChargePayment\"",
				"\"phase\":\"CHARGING_PAYMENT\"");
		assertThat(journal(orderId, null).statusCode()).isEqualTo(401);
		assertThat(journal(UUID.randomUUID(), TestTokens.get().valid("ops", "orders", "admin")).statusCode())
			.isEqualTo(404);
	}

	/** A command, awaited on the broker, and the contract's reply to it. */
	private UUID step(UUID orderId, String command, String reply, List<String> expected) throws Exception {
		UUID sent = this.codec.decode(this.sagas.awaitCommand(orderId, command).value()).messageId();
		expected.add("SENT " + command + " " + sent + " ");
		UUID replied = this.sagas.reply(orderId, reply);
		expected.add("RECEIVED " + reply + " " + replied + " " + phaseAfter(reply));
		return replied;
	}

	private static String phaseAfter(String reply) {
		return switch (reply) {
			case "PaymentCharged" -> "RESERVING_STOCK";
			case "StockReserved" -> "SCHEDULING_SHIPMENT";
			case "ShipmentScheduled" -> "CONFIRMED";
			case "ShipmentCancelled" -> "RELEASING_STOCK";
			case "StockReleased" -> "REFUNDING_PAYMENT";
			case "PaymentRefunded" -> "CANCELLED";
			default -> throw new IllegalArgumentException(reply);
		};
	}

	private HttpResponse<String> journal(UUID orderId, String token) throws Exception {
		HttpRequest.Builder request = HttpRequest
			.newBuilder(URI.create("http://localhost:" + this.port + "/api/orders/" + orderId + "/journal"));
		if (token != null) {
			request.header("Authorization", "Bearer " + token);
		}
		return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

}
