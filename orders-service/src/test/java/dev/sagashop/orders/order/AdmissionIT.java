package dev.sagashop.orders.order;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import dev.sagashop.orders.StandInCatalogue;
import dev.sagashop.orders.checkout.CheckoutOrchestrator;
import dev.sagashop.testsupport.RealInfrastructure;
import dev.sagashop.testsupport.TestTokens;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.domain.Pageable;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Admission control: while the sagas in flight are at the limit, {@code POST /api/orders}
 * answers 503 with {@code Retry-After} before creating anything, and the
 * {@code Idempotency-Key} stays unused; reads still answer. No participant runs here, so
 * the test sets the sagas' ages itself.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "sagashop.checkout.admission.min-in-flight=5", "sagashop.checkout.admission.refresh=50ms" })
@RealInfrastructure
class AdmissionIT {

	static StandInCatalogue inventory;

	final HttpClient http = HttpClient.newHttpClient();

	final List<UUID> placedHere = new ArrayList<>();

	@LocalServerPort
	int port;

	@Autowired
	CheckoutOrchestrator orchestrator;

	@Autowired
	Orders orders;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	JsonMapper json;

	@Autowired
	MeterRegistry meters;

	@DynamicPropertySource
	static void catalogue(DynamicPropertyRegistry registry) {
		inventory = StandInCatalogue.start();
		registry.add("sagashop.inventory.url", inventory::url);
	}

	@AfterAll
	static void stopCatalogue() {
		inventory.close();
	}

	/** The sagas this test started stop counting as in flight for the tests after it. */
	@AfterEach
	void settleTheSagasPlacedHere() {
		this.jdbc.update("UPDATE checkout_sagas SET wake_at = NULL WHERE order_id = ANY (?)",
				(Object) this.placedHere.toArray(UUID[]::new));
	}

	@Test
	void refusesNewOrdersWhileTheSagasInFlightAreManyAndOldThenAdmitsAgain() throws Exception {
		// An order placed with a key while the door is open (sagas that tests before
		// this one left waiting stop counting first).
		this.jdbc.update("UPDATE checkout_sagas SET wake_at = NULL WHERE wake_at IS NOT NULL");
		String earlyCustomer = "it-" + UUID.randomUUID();
		HttpResponse<String> placedBefore = await().atMost(Duration.ofSeconds(5))
			.until(() -> post(earlyCustomer, "placed-key"), (response) -> response.statusCode() != 503);
		assertThat(placedBefore.statusCode()).as(placedBefore.body()).isEqualTo(202);
		this.placedHere.add(UUID.fromString(this.json.readTree(placedBefore.body()).get("id").asString()));
		for (int i = 0; i < 5; i++) {
			this.placedHere
				.add(this.orchestrator
					.place(Order.place("it-busy", List.of(new OrderLine("SKU-1", 1, 1000)), "EUR",
							new ShippingAddress("Ada", "1 Main St", "Berlin", "10115", "DE")), "tok_visa", null)
					.getId());
		}
		String customer = "it-" + UUID.randomUUID();
		double shedBefore = this.meters.counter("sagashop.admission.shed").count();
		ageSagasInFlight("1 hour");
		// The oldest sagas wait far too long: the limit shrinks to its
		// least, 5 in flight.
		await().atMost(Duration.ofSeconds(10))
			.until(() -> this.meters.get("sagashop.admission.limit").gauge().value(), (limit) -> limit == 5);
		HttpResponse<String> refused = post(customer, "busy-key");
		assertThat(refused.statusCode()).as(refused.body()).isEqualTo(503);
		assertThat(refused.headers().firstValue("Retry-After"))
			.hasValueSatisfying((seconds) -> assertThat(Integer.parseInt(seconds)).isBetween(1, 10));
		assertThat(refused.headers().firstValue("Sagashop-Admission-Closed-Ms"))
			.as("for the gateway: how long every new order is refused, until the next reading (every 50 ms) ends")
			.hasValueSatisfying((millis) -> assertThat(Long.parseLong(millis)).isBetween(10L, 1000L));
		assertThat(refused.headers().firstValue("Content-Type"))
			.hasValueSatisfying((type) -> assertThat(type).startsWith("application/problem+json"));
		JsonNode problem = this.json.readTree(refused.body());
		assertThat(problem.get("status").asInt()).isEqualTo(503);
		assertThat(problem.get("type")).isNotNull();
		assertThat(problem.get("title").asString()).isEqualTo("Checkout overloaded");
		assertThat(post(customer, null).statusCode()).as("without a key").isEqualTo(503);
		assertThat(this.orders.findByCustomerIdOrderByCreatedAtDesc(customer, Pageable.unpaged())).isEmpty();
		assertThat(this.jdbc.queryForObject("SELECT count(*) FROM idempotency_keys WHERE customer_id = ?",
				Integer.class, customer))
			.as("keys used up")
			.isZero();
		HttpResponse<String> retried = post(earlyCustomer, "placed-key");
		assertThat(retried.statusCode()).as("a retry of an order placed before: its answer, not a refusal")
			.isEqualTo(202);
		assertThat(retried.body()).isEqualTo(placedBefore.body());
		assertThat(get(customer).statusCode()).as("reads").isEqualTo(200);
		assertThat(this.meters.counter("sagashop.admission.shed").count() - shedBefore).as("orders shed")
			.isGreaterThanOrEqualTo(2);

		// The backlog drains: no saga waits any more (of this test or
		// of those before it).
		this.jdbc.update("UPDATE checkout_sagas SET wake_at = NULL WHERE wake_at IS NOT NULL");
		HttpResponse<String> admitted = await().atMost(Duration.ofSeconds(5))
			.until(() -> post(customer, "busy-key"), (response) -> response.statusCode() != 503);
		assertThat(admitted.statusCode()).as(admitted.body()).isEqualTo(202);
		this.placedHere.add(UUID.fromString(this.json.readTree(admitted.body()).get("id").asString()));
	}

	private void ageSagasInFlight(String age) {
		this.jdbc.update("UPDATE checkout_sagas SET started_at = now() - CAST(? AS interval) WHERE wake_at IS NOT NULL",
				age);
	}

	private HttpResponse<String> post(String customer, String key) throws Exception {
		HttpRequest.Builder request = HttpRequest
			.newBuilder(URI.create("http://localhost:" + this.port + "/api/orders"))
			.header("Authorization", "Bearer " + TestTokens.get().valid(customer, "orders"))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(
					"""
							{"items":[{"sku":"SKU-1","quantity":1}],"payment":{"cardToken":"tok_visa"},
							 "shippingAddress":{"name":"Ada","line1":"1 Main St","city":"Berlin","postalCode":"10115","country":"DE"}}"""));
		if (key != null) {
			request.header("Idempotency-Key", key);
		}
		return this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	private HttpResponse<String> get(String customer) throws Exception {
		return this.http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + "/api/orders"))
			.header("Authorization", "Bearer " + TestTokens.get().valid(customer, "orders"))
			.build(), HttpResponse.BodyHandlers.ofString());
	}

}
