package dev.sagashop.orders.checkout;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

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
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.KafkaTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code GET /api/sagas}: an admin sees every order with its saga, filtered and counted,
 * the running ones with their phase and age, the stuck ones (deadline passed) marked; a
 * customer may not look.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@RealInfrastructure
class SagaOverviewIT {

	static final JsonMapper json = JsonMapper.builder().build();

	@LocalServerPort
	int port;

	@Autowired
	JdbcClient jdbc;

	ContractSagas sagas;

	/** This test's own customer, so that other tests' orders stay out of its counts. */
	final String customer = "it-overview-" + UUID.randomUUID();

	@BeforeEach
	void connect(@Autowired CheckoutOrchestrator orchestrator, @Autowired Orders orders,
			@Autowired KafkaTemplate<String, String> kafka, @Autowired ConsumerFactory<String, String> consumers,
			@Autowired MessageCodec codec) {
		this.sagas = new ContractSagas(orchestrator, orders, kafka, consumers, codec, ReplyContractIT.contracts());
	}

	@AfterEach
	void disconnect() {
		this.sagas.close();
	}

	@Test
	void listsEveryOrdersSagaForAdminsWithFiltersCountsAndTheStuckOnesMarked() throws Exception {
		UUID confirmed = ours(this.sagas.confirmed());
		UUID stuck = ours(this.sagas.place());
		// Its step's deadline passed and nothing woke it: a stuck saga.
		this.jdbc
			.sql("UPDATE checkout_sagas SET deadline = now() - interval '1 minute', "
					+ "wake_at = now() + interval '1 hour' WHERE order_id = ?")
			.param(stuck)
			.update();
		UUID running = ours(this.sagas.place());

		JsonNode all = sagas("customerId=" + this.customer);
		assertThat(ids(all)).containsExactly(running, stuck, confirmed);
		assertThat(all.at("/page/totalElements").asLong()).isEqualTo(3);
		assertThat(all.get("counts").get("PENDING").asLong()).isEqualTo(2);
		assertThat(all.get("counts").get("CONFIRMED").asLong()).isEqualTo(1);
		assertThat(all.get("counts").get("REJECTED").asLong()).isZero();
		JsonNode stuckRow = all.get("content").get(1);
		assertThat(stuckRow.get("overdue").asBoolean()).isTrue();
		assertThat(stuckRow.get("phase").asString()).isEqualTo("CHARGING_PAYMENT");
		assertThat(stuckRow.get("ageMillis").asLong()).isNotNegative();
		assertThat(stuckRow.get("customerId").asString()).isEqualTo(this.customer);
		assertThat(all.get("content").get(0).get("overdue").asBoolean()).isFalse();
		JsonNode confirmedRow = all.get("content").get(2);
		assertThat(confirmedRow.get("status").asString()).isEqualTo("CONFIRMED");
		assertThat(confirmedRow.get("ageMillis").isNull()).as("an ended saga has no age").isTrue();

		assertThat(ids(sagas("customerId=" + this.customer + "&overdue=true"))).containsExactly(stuck);
		assertThat(ids(sagas("customerId=" + this.customer + "&running=true"))).containsExactly(running, stuck);
		JsonNode onlyConfirmed = sagas("customerId=" + this.customer + "&status=CONFIRMED");
		assertThat(ids(onlyConfirmed)).containsExactly(confirmed);
		assertThat(onlyConfirmed.at("/page/totalElements").asLong()).isEqualTo(1);
		assertThat(onlyConfirmed.get("counts").get("PENDING").asLong()).as("counted with the status aside")
			.isEqualTo(2);
		JsonNode paged = sagas("customerId=" + this.customer + "&size=2&page=1");
		assertThat(ids(paged)).containsExactly(confirmed);
		assertThat(paged.at("/page/totalPages").asLong()).isEqualTo(2);
		assertThat(ids(sagas("customerId=" + this.customer + "&placedAfter=2999-01-01T00:00:00Z"))).isEmpty();
		assertThat(ids(sagas("customerId=" + this.customer + "&failureReason=TIMEOUT"))).isEmpty();
	}

	@Test
	void isForAdminsOnlyAndRefusesValuesItDoesNotKnow() throws Exception {
		HttpResponse<String> customer = get("", TestTokens.get().valid("alice", "orders"));
		assertThat(customer.statusCode()).isEqualTo(403);
		assertProblem(customer);
		for (String bad : new String[] { "status=LOST", "failureReason=x", "placedAfter=yesterday", "overdue=maybe" }) {
			HttpResponse<String> response = get("?" + bad, admin());
			assertThat(response.statusCode()).as(bad).isEqualTo(400);
			assertProblem(response);
		}
	}

	private UUID ours(UUID orderId) {
		this.jdbc.sql("UPDATE orders SET customer_id = ? WHERE id = ?").params(this.customer, orderId).update();
		return orderId;
	}

	private JsonNode sagas(String query) throws Exception {
		HttpResponse<String> response = get("?" + query, admin());
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		return json.readTree(response.body());
	}

	private static String admin() {
		return TestTokens.get().valid("ops", "orders", "admin");
	}

	private HttpResponse<String> get(String query, String token) throws Exception {
		return HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + "/api/sagas" + query))
				.header("Authorization", "Bearer " + token)
				.build(), HttpResponse.BodyHandlers.ofString());
	}

	private static List<UUID> ids(JsonNode page) {
		List<UUID> ids = new ArrayList<>();
		page.get("content").forEach((row) -> ids.add(UUID.fromString(row.get("orderId").asString())));
		return ids;
	}

	private static void assertProblem(HttpResponse<String> response) {
		assertThat(response.headers().firstValue("Content-Type"))
			.hasValueSatisfying((type) -> assertThat(type).startsWith("application/problem+json"));
	}

}
