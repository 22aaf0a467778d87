package dev.sagashop.systemtests;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The checkout saga through the gateway on the real local stack, each outcome of the
 * contract checked from the public APIs: order status and history, the payments ledger,
 * shipments, stock.
 */
@ExtendWith(SharedStack.class)
class CheckoutSagaIT {

	static final Sagashop sagashop = new Sagashop();

	static final Shop shop = new Shop(sagashop);

	@Test
	void confirmsAnOrderWhenEveryStepSucceeds() throws Exception {
		String sku = shop.newProduct(1250, 10);
		JsonNode order = shop.awaitFinal(shop.order(sku, 2, "tok_visa", "DE"));
		assertThat(order.get("status").asString()).isEqualTo("CONFIRMED");
		assertThat(order.get("total").asLong()).isEqualTo(2500);
		assertThat(order.get("failureReason").isNull()).isTrue();
		assertThat(Shop.history(order)).containsExactly("PAYMENT CHARGED", "STOCK RESERVED", "SHIPPING SCHEDULED");
		shop.assertInvariants(order);
		assertThat(shop.available(sku)).isEqualTo(8);
	}

	/**
	 * The stack runs two instances of orders-service and payments-service
	 * ({@link Sagashop#INSTANCES}): the gateway spreads the POSTs over both orders
	 * instances, and both payments instances consume charge commands.
	 */
	@Test
	void bothInstancesOfOrdersAndPaymentsTakePart() throws Exception {
		Map<Integer, Double> before = new LinkedHashMap<>();
		for (int port : new int[] { 8081, 8091 }) {
			before.put(port, sagashop.metric(port, "http_server_requests_seconds_count", "uri=\"/api/orders\"",
					"method=\"POST\""));
		}
		for (int port : new int[] { 8082, 8092 }) {
			before.put(port, sagashop.metric(port, "spring_kafka_listener_seconds_count"));
		}
		String sku = shop.newProduct(100, 100);
		List<UUID> orders = new ArrayList<>();
		for (int i = 0; i < 30; i++) {
			orders.add(shop.order(sku, 1, "tok_visa", "DE"));
		}
		for (UUID id : orders) {
			assertThat(shop.awaitFinal(id).get("status").asString()).isEqualTo("CONFIRMED");
		}
		for (int port : new int[] { 8081, 8091 }) {
			assertThat(sagashop.metric(port, "http_server_requests_seconds_count", "uri=\"/api/orders\"",
					"method=\"POST\""))
				.as("orders placed at the instance on %d", port)
				.isGreaterThan(before.get(port));
		}
		for (int port : new int[] { 8082, 8092 }) {
			assertThat(sagashop.metric(port, "spring_kafka_listener_seconds_count"))
				.as("messages consumed by the payments instance on %d", port)
				.isGreaterThan(before.get(port));
		}
	}

	@Test
	void answersTheConfirmedOrderAt201WhenAskedToWait() throws Exception {
		String sku = shop.newProduct(300, 10);
		HttpResponse<String> response = sagashop
			.send(8080, "POST", "/api/orders",
					"""
							{"items":[{"sku":"%s","quantity":1}],"payment":{"cardToken":"tok_visa"},
							 "shippingAddress":{"name":"Ada","line1":"1 Main St","city":"Berlin","postalCode":"10115","country":"DE"}}"""
						.formatted(sku),
					sagashop.token("alice"), "Prefer", "wait=10", "Idempotency-Key", "wait-" + sku);
		assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
		assertThat(response.body()).contains("\"status\":\"CONFIRMED\"");
		assertThat(response.headers().firstValue("Location")).hasValueSatisfying(
				(location) -> assertThat(response.body()).contains(location.substring("/api/orders/".length())));
	}

	/**
	 * Ten copies of one request with one Idempotency-Key at once, spread by the gateway
	 * over both orders-service instances: one order, the others 409 or the same answer.
	 */
	@Test
	void placesOneOrderForConcurrentDuplicatesAcrossBothInstances() throws Exception {
		String sku = shop.newProduct(400, 20);
		String body = """
				{"items":[{"sku":"%s","quantity":1}],"payment":{"cardToken":"tok_visa"},
				 "shippingAddress":{"name":"Ada","line1":"1 Main St","city":"Berlin","postalCode":"10115","country":"DE"}}"""
			.formatted(sku);
		List<Callable<HttpResponse<String>>> duplicates = new ArrayList<>();
		for (int i = 0; i < 10; i++) {
			duplicates.add(() -> sagashop.send(8080, "POST", "/api/orders", body, sagashop.token("alice"),
					"Idempotency-Key", "dup-" + sku));
		}
		ExecutorService pool = Executors.newFixedThreadPool(10);
		Set<String> orderIds = new HashSet<>();
		try {
			for (Future<HttpResponse<String>> sent : pool.invokeAll(duplicates)) {
				HttpResponse<String> response = sent.get();
				assertThat(response.statusCode()).as(response.body()).isIn(201, 202, 409);
				if (response.statusCode() != 409) {
					orderIds.add(response.headers().firstValue("Location").orElseThrow());
				}
			}
		}
		finally {
			pool.shutdown();
		}
		assertThat(orderIds).hasSize(1);
		UUID id = UUID.fromString(orderIds.iterator().next().substring("/api/orders/".length()));
		assertThat(shop.awaitFinal(id).get("status").asString()).isEqualTo("CONFIRMED");
		assertThat(shop.available(sku)).as("one order's worth of stock taken").isEqualTo(19);
	}

	/**
	 * The saga's metrics, summed over both orders-service instances, count a confirmed
	 * order, a declined one and one refunded for lack of stock.
	 */
	@Test
	void countsSagaOutcomesCompensationsAndDurationsInItsMetrics() throws Exception {
		Map<String, String[]> meters = new LinkedHashMap<>();
		meters.put("started", new String[] { "sagashop_saga_started_total" });
		meters.put("confirmed", new String[] { "sagashop_saga_confirmed_total" });
		meters.put("declined", new String[] { "sagashop_saga_rejected_total", "reason=\"PAYMENT_DECLINED\"" });
		meters.put("out of stock", new String[] { "sagashop_saga_rejected_total", "reason=\"OUT_OF_STOCK\"" });
		meters.put("refunds", new String[] { "sagashop_saga_compensations_total", "action=\"REFUND_PAYMENT\"" });
		meters.put("durations", new String[] { "sagashop_saga_duration_seconds_count" });
		Map<String, Double> before = sagaMetrics(meters);
		String sku = shop.newProduct(250, 1);
		shop.awaitFinal(shop.order(sku, 1, "tok_visa", "DE"));
		shop.awaitFinal(shop.order(sku, 1, "tok_chargeDeclined", "DE"));
		shop.awaitFinal(shop.order(sku, 1, "tok_visa", "DE"));
		Map<String, Double> after = sagaMetrics(meters);
		Map<String, Double> counted = new LinkedHashMap<>();
		after.forEach((name, value) -> counted.put(name, value - before.get(name)));
		assertThat(counted).containsEntry("started", 3.0)
			.containsEntry("confirmed", 1.0)
			.containsEntry("declined", 1.0)
			.containsEntry("out of stock", 1.0)
			.containsEntry("refunds", 1.0)
			.containsEntry("durations", 3.0);
		for (int port : new int[] { 8081, 8091, 8082, 8083, 8084 }) {
			assertThat(sagashop.metric(port, "sagashop_outbox_backlog")).as("outbox backlog at %d", port)
				.isGreaterThanOrEqualTo(0);
			assertThat(sagashop.metric(port, "sagashop_outbox_oldest_age_seconds")).as("oldest outbox row at %d", port)
				.isGreaterThanOrEqualTo(0);
		}
	}

	private static Map<String, Double> sagaMetrics(Map<String, String[]> meters) throws Exception {
		Map<String, Double> values = new LinkedHashMap<>();
		for (Map.Entry<String, String[]> meter : meters.entrySet()) {
			String[] labels = Arrays.copyOfRange(meter.getValue(), 1, meter.getValue().length);
			values.put(meter.getKey(), sagashop.metric(8081, meter.getValue()[0], labels)
					+ sagashop.metric(8091, meter.getValue()[0], labels));
		}
		return values;
	}

	@Test
	void rejectsADeclinedCardWithNothingToUndo() throws Exception {
		String sku = shop.newProduct(990, 10);
		JsonNode order = shop.awaitFinal(shop.order(sku, 1, "tok_chargeDeclined", "DE"));
		assertThat(order.get("status").asString()).isEqualTo("REJECTED");
		assertThat(order.get("failureReason").asString()).isEqualTo("PAYMENT_DECLINED");
		assertThat(Shop.history(order)).containsExactly("PAYMENT DECLINED");
		shop.assertInvariants(order);
		assertThat(shop.available(sku)).isEqualTo(10);
	}

	@Test
	void refundsTheChargeWhenStockIsShort() throws Exception {
		String sku = shop.newProduct(500, 3);
		JsonNode order = shop.awaitFinal(shop.order(sku, 4, "tok_visa", "DE"));
		assertThat(order.get("status").asString()).isEqualTo("REJECTED");
		assertThat(order.get("failureReason").asString()).isEqualTo("OUT_OF_STOCK");
		assertThat(Shop.history(order)).containsExactly("PAYMENT CHARGED", "STOCK UNAVAILABLE", "PAYMENT REFUNDED");
		shop.assertInvariants(order);
		assertThat(shop.available(sku)).isEqualTo(3);
	}

	@Test
	void releasesTheStockAndRefundsWhenShippingIsRefused() throws Exception {
		String sku = shop.newProduct(700, 5);
		JsonNode order = shop.awaitFinal(shop.order(sku, 2, "tok_visa", "AQ"));
		assertThat(order.get("status").asString()).isEqualTo("REJECTED");
		assertThat(order.get("failureReason").asString()).isEqualTo("SHIPPING_UNAVAILABLE");
		assertThat(Shop.history(order)).startsWith("PAYMENT CHARGED", "STOCK RESERVED", "SHIPPING REFUSED")
			.contains("PAYMENT REFUNDED", "STOCK RELEASED")
			.hasSize(5);
		shop.assertInvariants(order);
		assertThat(shop.available(sku)).isEqualTo(5);
	}

	@Test
	void sellsTheLastFiveUnitsToExactlyFiveOfTwentyConcurrentOrders() throws Exception {
		String sku = shop.newProduct(1000, 5);
		List<Callable<UUID>> orders = new ArrayList<>();
		for (int i = 0; i < 20; i++) {
			orders.add(() -> shop.order(sku, 1, "tok_visa", "DE"));
		}
		List<UUID> ids = new ArrayList<>();
		ExecutorService pool = Executors.newFixedThreadPool(20);
		try {
			for (Future<UUID> id : pool.invokeAll(orders)) {
				ids.add(id.get());
			}
		}
		finally {
			pool.shutdown();
		}
		List<JsonNode> finals = new ArrayList<>();
		for (UUID id : ids) {
			JsonNode order = shop.awaitFinal(id);
			shop.assertInvariants(order);
			finals.add(order);
		}
		Map<String, Long> outcomes = finals.stream()
			.collect(Collectors.groupingBy(
					(order) -> order.get("status").asString() + " " + order.path("failureReason").asString(""),
					Collectors.counting()));
		assertThat(outcomes).containsOnly(Map.entry("CONFIRMED ", 5L), Map.entry("REJECTED OUT_OF_STOCK", 15L));
		assertThat(shop.available(sku)).isZero();
	}

}
