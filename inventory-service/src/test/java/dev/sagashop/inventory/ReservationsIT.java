package dev.sagashop.inventory;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.UUID;

import dev.sagashop.events.Envelope;
import dev.sagashop.events.ReleaseStock;
import dev.sagashop.events.ReserveStock;
import dev.sagashop.events.Topics;
import dev.sagashop.inventory.catalog.Product;
import dev.sagashop.inventory.catalog.Products;
import dev.sagashop.platform.messaging.MessageCodec;
import dev.sagashop.testsupport.RealInfrastructure;
import dev.sagashop.testsupport.SagaMessages;
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

/**
 * {@code GET /api/reservations?orderId=}: an admin reads what inventory-service holds for
 * an order and what became of it; a customer may not (the service knows no owner).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@RealInfrastructure
class ReservationsIT {

	static final JsonMapper json = JsonMapper.builder().build();

	@LocalServerPort
	int port;

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
	void showsAdminsAnOrdersReservationAndItsRelease(@Autowired Products products) throws Exception {
		String sku = "IT-" + UUID.randomUUID().toString().substring(0, 8);
		products.save(new Product(sku, "Item", 100, "EUR", 5));
		UUID orderId = UUID.randomUUID();
		this.messages.send(Topics.INVENTORY_COMMANDS,
				Envelope.of(orderId, null, new ReserveStock(orderId, List.of(new ReserveStock.Line(sku, 2)))));
		this.messages.awaitReplies(orderId, 1);
		JsonNode reserved = reservations(orderId);
		assertThat(reserved).hasSize(1);
		assertThat(reserved.get(0).get("status").asString()).isEqualTo("RESERVED");
		assertThat(reserved.get(0).at("/lines/0/sku").asString()).isEqualTo(sku);
		assertThat(reserved.get(0).at("/lines/0/quantity").asInt()).isEqualTo(2);

		this.messages.send(Topics.INVENTORY_COMMANDS, Envelope.of(orderId, null, new ReleaseStock(orderId)));
		this.messages.awaitReplies(orderId, 2);
		assertThat(reservations(orderId).get(0).get("status").asString()).isEqualTo("RELEASED");
		assertThat(reservations(UUID.randomUUID())).isEmpty();
	}

	@Test
	void isForAdminsOnly() throws Exception {
		assertThat(get("?orderId=" + UUID.randomUUID(), TestTokens.get().valid("alice", "orders")).statusCode())
			.isEqualTo(403);
		assertThat(get("?orderId=not-an-id", admin()).statusCode()).isEqualTo(400);
		assertThat(get("", admin()).statusCode()).isEqualTo(400);
	}

	private JsonNode reservations(UUID orderId) throws Exception {
		HttpResponse<String> response = get("?orderId=" + orderId, admin());
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		return json.readTree(response.body());
	}

	private HttpResponse<String> get(String query, String token) throws Exception {
		return HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + "/api/reservations" + query))
				.header("Authorization", "Bearer " + token)
				.build(), HttpResponse.BodyHandlers.ofString());
	}

	private static String admin() {
		return TestTokens.get().valid("ops", "orders", "admin");
	}

}
