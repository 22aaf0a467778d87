package dev.sagashop.orders.order;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import dev.sagashop.events.Envelope;
import dev.sagashop.events.PaymentDeclined;
import dev.sagashop.orders.StandInCatalogue;
import dev.sagashop.orders.checkout.CheckoutOrchestrator;
import dev.sagashop.orders.checkout.FinalNotice;
import dev.sagashop.orders.checkout.FinalOrders;
import dev.sagashop.orders.order.idempotency.IdempotencyKeys;
import dev.sagashop.testsupport.RealInfrastructure;
import dev.sagashop.testsupport.TestTokens;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.domain.Pageable;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code Idempotency-Key} and {@code Prefer: wait} of {@code POST /api/orders}, against a
 * stand-in catalogue. No participant runs here, so every saga stays PENDING until a test
 * hands the orchestrator a reply.
 */
// No participant answers here, so every saga looks stuck: admission control (AdmissionIT)
// would close the door on these tests.
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = "sagashop.checkout.admission.enabled=false")
@RealInfrastructure
class OrderPlacementIT {

	static StandInCatalogue inventory;

	final HttpClient http = HttpClient.newHttpClient();

	@LocalServerPort
	int port;

	@Autowired
	Orders orders;

	@Autowired
	CheckoutOrchestrator orchestrator;

	@Autowired
	FinalOrders finalOrders;

	@Autowired
	JsonMapper json;

	@Autowired
	JdbcTemplate jdbc;

	@DynamicPropertySource
	static void catalogue(DynamicPropertyRegistry registry) {
		inventory = StandInCatalogue.start();
		registry.add("sagashop.inventory.url", inventory::url);
	}

	@AfterAll
	static void stopCatalogue() {
		inventory.close();
	}

	@Test
	void replaysTheSameResponseForTheSameKeyAndCreatesNothing() throws Exception {
		String customer = newCustomer();
		HttpResponse<String> first = post(customer, "key-1", body(1), null);
		HttpResponse<String> again = post(customer, "key-1", body(1), null);
		assertThat(first.statusCode()).isEqualTo(202);
		assertThat(again.statusCode()).isEqualTo(first.statusCode());
		assertThat(again.body()).isEqualTo(first.body());
		assertThat(again.headers().firstValue("Location")).isEqualTo(first.headers().firstValue("Location"));
		assertThat(again.headers().firstValue("Idempotent-Replayed")).hasValue("true");
		assertThat(count(customer)).isOne();
		// The saga ends after the request answered 202: its end keeps that answer.
		decline(placedOrderOf(customer));
		HttpResponse<String> afterTheEnd = post(customer, "key-1", body(1), null);
		assertThat(afterTheEnd.statusCode()).isEqualTo(202);
		assertThat(afterTheEnd.body()).isEqualTo(first.body());
	}

	@Test
	void refusesTheSameKeyForAnotherBody() throws Exception {
		String customer = newCustomer();
		assertThat(post(customer, "key-2", body(1), null).statusCode()).isEqualTo(202);
		HttpResponse<String> other = post(customer, "key-2", body(2), null);
		assertThat(other.statusCode()).isEqualTo(422);
		assertThat(other.headers().firstValue("Content-Type"))
			.hasValueSatisfying((type) -> assertThat(type).startsWith("application/problem+json"));
		assertThat(count(customer)).isOne();
	}

	@Test
	void placesOneOrderForTenConcurrentDuplicates() throws Exception {
		String customer = newCustomer();
		List<CompletableFuture<HttpResponse<String>>> sent = new ArrayList<>();
		for (int i = 0; i < 10; i++) {
			sent.add(this.http.sendAsync(request(customer, "key-3", body(1), null),
					HttpResponse.BodyHandlers.ofString()));
		}
		List<String> placed = new ArrayList<>();
		for (CompletableFuture<HttpResponse<String>> response : sent) {
			HttpResponse<String> answered = response.get();
			assertThat(answered.statusCode()).as(answered.body()).isIn(202, 409);
			if (answered.statusCode() == 202) {
				placed.add(answered.body());
			}
		}
		assertThat(placed).isNotEmpty().allSatisfy((body) -> assertThat(body).isEqualTo(placed.get(0)));
		assertThat(count(customer)).isOne();
		assertThat(post(customer, "key-3", body(1), null).body()).isEqualTo(placed.get(0));
	}

	@Test
	void scopesKeysToTheCustomer() throws Exception {
		String one = newCustomer();
		String other = newCustomer();
		assertThat(post(one, "shared-key", body(1), null).statusCode()).isEqualTo(202);
		assertThat(post(other, "shared-key", body(1), null).statusCode()).isEqualTo(202);
		assertThat(count(one)).isOne();
		assertThat(count(other)).isOne();
	}

	@Test
	void refusesAKeyOfMoreThan255Characters() throws Exception {
		String customer = newCustomer();
		HttpResponse<String> response = post(customer, "k".repeat(256), body(1), null);
		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(count(customer)).isZero();
	}

	@Test
	void holdsThePendingOrderForPreferWaitThenAnswers202() throws Exception {
		String customer = newCustomer();
		long started = System.nanoTime();
		HttpResponse<String> response = post(customer, null, body(1), "wait=1");
		assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofSeconds(1));
		assertThat(response.statusCode()).isEqualTo(202);
		assertThat(response.headers().firstValue("Preference-Applied")).hasValue("wait=1");
		assertThat(response.body()).contains("\"status\":\"PENDING\"");
	}

	@Test
	void freesTheKeyOfARequestThatPlacedNothing() throws Exception {
		String customer = newCustomer();
		HttpResponse<String> refused = post(customer, "key-4", body("UNKNOWN-1", 1), null);
		assertThat(refused.statusCode()).as(refused.body()).isEqualTo(422);
		assertThat(refused.body()).contains("Unknown product");
		HttpResponse<String> placed = post(customer, "key-4", body(1), null);
		assertThat(placed.statusCode()).as(placed.body()).isEqualTo(202);
		assertThat(count(customer)).isOne();
	}

	@Test
	void answersAWaitingRequestWithTheOrderItsSagaEndedWith() throws Exception {
		String customer = newCustomer();
		CompletableFuture<HttpResponse<String>> answer = this.http
			.sendAsync(request(customer, "key-5", body(2), "wait=20"), HttpResponse.BodyHandlers.ofString());
		UUID orderId = placedOrderOf(customer);
		decline(orderId);
		HttpResponse<String> response = answer.get(25, TimeUnit.SECONDS);
		assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
		assertThat(response.headers().firstValue("Location")).hasValue("/api/orders/" + orderId);
		assertThat(response.body()).contains("\"status\":\"REJECTED\"", "\"failureReason\":\"PAYMENT_DECLINED\"");
		assertThat(this.json.readTree(response.body())).isEqualTo(this.json.readTree(get(customer, orderId).body()));
		HttpResponse<String> replayed = post(customer, "key-5", body(2), "wait=20");
		assertThat(replayed.statusCode()).isEqualTo(201);
		assertThat(replayed.body()).isEqualTo(response.body());
		// Kept by the transaction that made the order final, the answer it announced:
		// the waiting request stored nothing itself.
		assertThat(
				this.jdbc.queryForObject(
						"SELECT xmin::text = (SELECT xmin::text FROM orders WHERE id = ?) FROM idempotency_keys "
								+ "WHERE customer_id = ? AND idempotency_key = 'key-5'",
						Boolean.class, orderId, customer))
			.as("the key's answer written in the order's final transaction")
			.isTrue();
	}

	/**
	 * The instance that placed the order died before it stored the answer: once that
	 * request cannot be waiting any more, a retry with the key answers from the order.
	 */
	@Test
	void answersFromTheOrderWhenTheAnswerWasNeverStored() throws Exception {
		String customer = newCustomer();
		HttpResponse<String> first = post(customer, "key-6", body(1), null);
		assertThat(first.statusCode()).isEqualTo(202);
		this.jdbc.update("UPDATE idempotency_keys SET response_status = NULL, response_body = NULL "
				+ "WHERE customer_id = ? AND idempotency_key = 'key-6'", customer);
		assertThat(post(customer, "key-6", body(1), null).statusCode()).as("while it may still be answering")
			.isEqualTo(409);
		this.jdbc.update(
				"UPDATE idempotency_keys SET created_at = now() - make_interval(secs => ?) "
						+ "WHERE customer_id = ? AND idempotency_key = 'key-6'",
				IdempotencyKeys.ANSWERED_WITHIN.toSeconds() + 1, customer);
		HttpResponse<String> retried = post(customer, "key-6", body(1), "wait=1");
		assertThat(retried.statusCode()).as(retried.body()).isEqualTo(202);
		assertThat(retried.headers().firstValue("Location")).isEqualTo(first.headers().firstValue("Location"));
		assertThat(this.json.readTree(retried.body()).get("id")).isEqualTo(this.json.readTree(first.body()).get("id"));
		assertThat(post(customer, "key-6", body(2), null).statusCode()).as("another body").isEqualTo(422);
		assertThat(count(customer)).isOne();
	}

	@Test
	void announcesTheFinalOrderAsTheApiShowsIt() throws Exception {
		String customer = newCustomer();
		post(customer, null, body(3), null);
		UUID orderId = placedOrderOf(customer);
		CompletableFuture<Optional<FinalNotice>> notice = CompletableFuture
			.supplyAsync(() -> this.finalOrders.await(orderId, Duration.ofSeconds(20)));
		decline(orderId);
		Optional<FinalNotice> announced = notice.get(25, TimeUnit.SECONDS);
		String shown = get(customer, orderId).body();
		assertThat(announced).hasValueSatisfying((ended) -> {
			assertThat(ended.orderId()).isEqualTo(orderId);
			assertThat(ended.view()).isNotNull();
			assertThat(this.json.readTree(ended.view())).isEqualTo(this.json.readTree(shown));
		});
	}

	private void decline(UUID orderId) {
		this.orchestrator.onReply(Envelope.of(orderId, null, new PaymentDeclined(orderId, "insufficient funds")));
	}

	private UUID placedOrderOf(String customer) {
		return Awaitility.await()
			.atMost(Duration.ofSeconds(20))
			.pollInterval(Duration.ofMillis(20))
			.until(() -> this.orders.findByCustomerIdOrderByCreatedAtDesc(customer, Pageable.unpaged()).getContent(),
					(placed) -> !placed.isEmpty())
			.get(0)
			.getId();
	}

	private HttpResponse<String> get(String customer, UUID orderId) throws Exception {
		return this.http
			.send(HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + "/api/orders/" + orderId))
				.header("Authorization", "Bearer " + TestTokens.get().valid(customer, "orders"))
				.build(), HttpResponse.BodyHandlers.ofString());
	}

	private long count(String customer) {
		return this.orders.findByCustomerIdOrderByCreatedAtDesc(customer, Pageable.unpaged()).getTotalElements();
	}

	private static String newCustomer() {
		return "it-" + UUID.randomUUID();
	}

	private static String body(int quantity) {
		return body("SKU-1", quantity);
	}

	private static String body(String sku, int quantity) {
		return """
				{"items":[{"sku":"%s","quantity":%d}],"payment":{"cardToken":"tok_visa"},
				 "shippingAddress":{"name":"Ada","line1":"1 Main St","city":"Berlin","postalCode":"10115","country":"DE"}}"""
			.formatted(sku, quantity);
	}

	private HttpResponse<String> post(String customer, String key, String body, String prefer) throws Exception {
		return this.http.send(request(customer, key, body, prefer), HttpResponse.BodyHandlers.ofString());
	}

	private HttpRequest request(String customer, String key, String body, String prefer) {
		HttpRequest.Builder request = HttpRequest
			.newBuilder(URI.create("http://localhost:" + this.port + "/api/orders"))
			.header("Authorization", "Bearer " + TestTokens.get().valid(customer, "orders"))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(body));
		if (key != null) {
			request.header("Idempotency-Key", key);
		}
		if (prefer != null) {
			request.header("Prefer", prefer);
		}
		return request.build();
	}

}
