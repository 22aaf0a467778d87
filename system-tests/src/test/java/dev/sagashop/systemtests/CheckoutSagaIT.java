package dev.sagashop.systemtests;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
		assertThat(history(order)).containsExactly("PAYMENT CHARGED", "STOCK RESERVED", "SHIPPING SCHEDULED");
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
		Map<Integer, Double> before = new java.util.LinkedHashMap<>();
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

	@Test
	void rejectsADeclinedCardWithNothingToUndo() throws Exception {
		String sku = shop.newProduct(990, 10);
		JsonNode order = shop.awaitFinal(shop.order(sku, 1, "tok_chargeDeclined", "DE"));
		assertThat(order.get("status").asString()).isEqualTo("REJECTED");
		assertThat(order.get("failureReason").asString()).isEqualTo("PAYMENT_DECLINED");
		assertThat(history(order)).containsExactly("PAYMENT DECLINED");
		shop.assertInvariants(order);
		assertThat(shop.available(sku)).isEqualTo(10);
	}

	@Test
	void refundsTheChargeWhenStockIsShort() throws Exception {
		String sku = shop.newProduct(500, 3);
		JsonNode order = shop.awaitFinal(shop.order(sku, 4, "tok_visa", "DE"));
		assertThat(order.get("status").asString()).isEqualTo("REJECTED");
		assertThat(order.get("failureReason").asString()).isEqualTo("OUT_OF_STOCK");
		assertThat(history(order)).containsExactly("PAYMENT CHARGED", "STOCK UNAVAILABLE", "PAYMENT REFUNDED");
		shop.assertInvariants(order);
		assertThat(shop.available(sku)).isEqualTo(3);
	}

	@Test
	void releasesTheStockAndRefundsWhenShippingIsRefused() throws Exception {
		String sku = shop.newProduct(700, 5);
		JsonNode order = shop.awaitFinal(shop.order(sku, 2, "tok_visa", "AQ"));
		assertThat(order.get("status").asString()).isEqualTo("REJECTED");
		assertThat(order.get("failureReason").asString()).isEqualTo("SHIPPING_UNAVAILABLE");
		assertThat(history(order)).startsWith("PAYMENT CHARGED", "STOCK RESERVED", "SHIPPING REFUSED")
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

	private static List<String> history(JsonNode order) {
		List<String> steps = new ArrayList<>();
		order.get("history")
			.forEach((entry) -> steps.add(entry.get("step").asString() + " " + entry.get("outcome").asString()));
		return steps;
	}

}
