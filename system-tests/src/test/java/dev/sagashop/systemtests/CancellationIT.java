package dev.sagashop.systemtests;

import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The contract's cancellation table (API v1.1), row by row, through the gateway on the
 * real local stack with two instances of orders and payments: each outcome checked from
 * the public APIs (the order and its history, the payments ledger, the shipment, stock).
 */
@ExtendWith(SharedStack.class)
class CancellationIT {

	static final Sagashop sagashop = new Sagashop();

	static final Shop shop = new Shop(sagashop);

	static final JsonMapper json = JsonMapper.builder().build();

	@Test
	void aConfirmedOrderIsCancelledShipmentFirstThenStockAndMoneyComeBack() throws Exception {
		String sku = shop.newProduct(1250, 10);
		UUID id = shop.order(sku, 2, "tok_visa", "DE");
		assertThat(shop.awaitFinal(id).get("status").asString()).isEqualTo("CONFIRMED");

		HttpResponse<String> cancelled = shop.cancel(id, "alice", "Prefer", "wait=20", "Idempotency-Key",
				"cancel-" + id);
		assertThat(cancelled.statusCode()).as(cancelled.body()).isEqualTo(200);
		assertThat(cancelled.headers().firstValue("Location")).hasValue("/api/orders/" + id);
		JsonNode order = json.readTree(cancelled.body());
		assertThat(order.get("status").asString()).isEqualTo("CANCELLED");
		assertThat(order.get("failureReason").isNull()).isTrue();
		assertThat(Shop.history(order)).containsExactly("PAYMENT CHARGED", "STOCK RESERVED", "SHIPPING SCHEDULED",
				"CANCELLATION REQUESTED", "SHIPPING CANCELLED", "STOCK RELEASED", "PAYMENT REFUNDED");
		shop.assertInvariants(order);
		assertThat(shop.available(sku)).isEqualTo(10);

		// The same request again: the same answer; without the key: the order as it is.
		HttpResponse<String> replayed = shop.cancel(id, "alice", "Idempotency-Key", "cancel-" + id);
		assertThat(replayed.statusCode()).isEqualTo(200);
		assertThat(replayed.body()).isEqualTo(cancelled.body());
		HttpResponse<String> again = shop.cancel(id, "alice");
		assertThat(again.statusCode()).isEqualTo(200);
		assertThat(Shop.history(json.readTree(again.body()))).hasSize(7);
		// A key used for something else is refused.
		assertThat(shop.cancel(id, "alice", "Idempotency-Key", "other-" + id).statusCode()).isEqualTo(200);
		assertThat(shop.cancel(shop.order(sku, 1, "tok_visa", "DE"), "alice", "Idempotency-Key", "other-" + id)
			.statusCode()).isEqualTo(422);
	}

	@Test
	void aPendingOrderStopsAtItsStepsAnswerAndUndoesWhatItDid() throws Exception {
		String sku = shop.newProduct(800, 10);
		// With shipping away, the checkout waits at its last step.
		sagashop.kill(Map.of("shipping-service", sagashop.process("shipping-service")), false);
		UUID id;
		try {
			id = shop.order(sku, 3, "tok_visa", "DE");
			await().atMost(Duration.ofSeconds(60))
				.pollInterval(Duration.ofMillis(200))
				.untilAsserted(
						() -> assertThat(Shop.history(shop.get("/api/orders/" + id))).contains("STOCK RESERVED"));
			HttpResponse<String> accepted = shop.cancel(id, "alice");
			assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
			JsonNode cancelling = json.readTree(accepted.body());
			assertThat(cancelling.get("status").asString()).isEqualTo("CANCELLING");
			assertThat(Shop.history(cancelling)).endsWith("CANCELLATION REQUESTED");
			HttpResponse<String> again = shop.cancel(id, "alice");
			assertThat(again.statusCode()).isEqualTo(202);
			assertThat(Shop.history(json.readTree(again.body()))).hasSize(3);
		}
		finally {
			sagashop.up();
		}
		// The scheduling, when it is answered, is undone first, then the rest.
		JsonNode order = shop.awaitFinal(id);
		assertThat(order.get("status").asString()).isEqualTo("CANCELLED");
		assertThat(Shop.history(order)).startsWith("PAYMENT CHARGED", "STOCK RESERVED", "CANCELLATION REQUESTED")
			.contains("STOCK RELEASED", "PAYMENT REFUNDED");
		shop.assertInvariants(order);
		assertThat(shop.available(sku)).isEqualTo(10);
	}

	@Test
	void aDispatchedOrderCannotBeCancelledAndARejectedOneNeither() throws Exception {
		String sku = shop.newProduct(600, 10);
		UUID id = shop.order(sku, 1, "tok_visa", "DE");
		shop.awaitFinal(id);
		JsonNode shipment = shop.get("/api/shipments?orderId=" + id).get(0);
		assertThat(shipment.get("status").asString()).isEqualTo("SCHEDULED");
		assertThat(shipment.get("collectionAt").asString()).isNotBlank();

		HttpResponse<String> byCustomer = sagashop.send(8080, "POST",
				"/api/shipments/" + shipment.get("id").asString() + "/dispatch", null, sagashop.token("alice"));
		assertThat(byCustomer.statusCode()).isEqualTo(403);
		HttpResponse<String> dispatched = sagashop.send(8080, "POST",
				"/api/shipments/" + shipment.get("id").asString() + "/dispatch", null, sagashop.token("ops"));
		assertThat(dispatched.statusCode()).as(dispatched.body()).isEqualTo(200);
		assertThat(json.readTree(dispatched.body()).get("status").asString()).isEqualTo("DISPATCHED");
		await().atMost(Duration.ofSeconds(30))
			.pollInterval(Duration.ofMillis(200))
			.untilAsserted(
					() -> assertThat(Shop.history(shop.get("/api/orders/" + id))).endsWith("SHIPPING DISPATCHED"));

		HttpResponse<String> refused = shop.cancel(id, "alice", "Prefer", "wait=5");
		assertThat(refused.statusCode()).as(refused.body()).isEqualTo(409);
		assertThat(refused.headers().firstValue("Content-Type"))
			.hasValueSatisfying((type) -> assertThat(type).startsWith("application/problem+json"));
		assertThat(json.readTree(refused.body()).get("title").asString()).isEqualTo("Already dispatched");
		JsonNode order = shop.get("/api/orders/" + id);
		assertThat(order.get("status").asString()).isEqualTo("CONFIRMED");
		shop.assertInvariants(order);

		UUID rejected = shop.order(sku, 1, "tok_chargeDeclined", "DE");
		assertThat(shop.awaitFinal(rejected).get("status").asString()).isEqualTo("REJECTED");
		HttpResponse<String> nothingToCancel = shop.cancel(rejected, "alice");
		assertThat(nothingToCancel.statusCode()).as(nothingToCancel.body()).isEqualTo(409);
		assertThat(nothingToCancel.headers().firstValue("Content-Type"))
			.hasValueSatisfying((type) -> assertThat(type).startsWith("application/problem+json"));
		assertThat(shop.get("/api/orders/" + rejected).get("status").asString()).isEqualTo("REJECTED");
	}

	/**
	 * The contract's race: the parcel leaves while the cancellation runs.
	 * shipping-service is away when the cancellation starts, and the carrier collects
	 * meanwhile (its van writes the shipment's row, as the collector does); when shipping
	 * is back it refuses the cancellation, and nothing else is undone.
	 */
	@Test
	void aParcelThatLeavesWhileTheCancellationRunsStaysSoldAndPaid() throws Exception {
		String sku = shop.newProduct(350, 10);
		UUID id = shop.order(sku, 2, "tok_visa", "DE");
		assertThat(shop.awaitFinal(id).get("status").asString()).isEqualTo("CONFIRMED");
		sagashop.kill(Map.of("shipping-service", sagashop.process("shipping-service")), false);
		try {
			HttpResponse<String> accepted = shop.cancel(id, "alice");
			assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
			assertThat(json.readTree(accepted.body()).get("status").asString()).isEqualTo("CANCELLING");
			try (Connection shipping = DriverManager.getConnection(sagashop.jdbcUrl("shipping"), "shipping",
					"shipping");
					PreparedStatement collect = shipping.prepareStatement("UPDATE shipments SET status = 'DISPATCHED', "
							+ "dispatched_at = now(), version = version + 1 WHERE order_id = ?")) {
				collect.setObject(1, id);
				assertThat(collect.executeUpdate()).isEqualTo(1);
			}
		}
		finally {
			sagashop.up();
		}
		JsonNode order = shop.awaitFinal(id);
		assertThat(order.get("status").asString()).isEqualTo("CONFIRMED");
		assertThat(Shop.history(order)).endsWith("CANCELLATION REQUESTED", "CANCELLATION REFUSED");
		shop.assertInvariants(order);
		assertThat(shop.available(sku)).isEqualTo(8);
		assertThat(shop.cancel(id, "alice").statusCode()).as("once it is known the parcel left").isEqualTo(409);
	}

	@Test
	void anotherCustomersCancelIsNotFoundAndAnAdminsIsTaken() throws Exception {
		String sku = shop.newProduct(450, 10);
		UUID id = shop.order(sku, 1, "tok_visa", "DE");
		shop.awaitFinal(id);
		HttpResponse<String> bob = shop.cancel(id, "bob");
		assertThat(bob.statusCode()).as(bob.body()).isEqualTo(404);
		assertThat(bob.headers().firstValue("Content-Type"))
			.hasValueSatisfying((type) -> assertThat(type).startsWith("application/problem+json"));
		assertThat(shop.cancel(UUID.randomUUID(), "alice").statusCode()).isEqualTo(404);
		assertThat(shop.get("/api/orders/" + id).get("status").asString()).isEqualTo("CONFIRMED");

		HttpResponse<String> ops = shop.cancel(id, "ops", "Prefer", "wait=20");
		assertThat(ops.statusCode()).as(ops.body()).isEqualTo(200);
		JsonNode order = json.readTree(ops.body());
		assertThat(order.get("status").asString()).isEqualTo("CANCELLED");
		shop.assertInvariants(order);
	}

	/**
	 * Twenty cancels of one order at once, spread by the gateway over both orders
	 * instances: one cancellation, one refund.
	 */
	@Test
	void twentyConcurrentCancelsOfOneOrderMakeOneRefund() throws Exception {
		String sku = shop.newProduct(999, 10);
		UUID id = shop.order(sku, 1, "tok_visa", "DE");
		shop.awaitFinal(id);
		List<Callable<HttpResponse<String>>> cancels = new ArrayList<>();
		for (int i = 0; i < 20; i++) {
			cancels.add(() -> shop.cancel(id, "alice"));
		}
		ExecutorService pool = Executors.newFixedThreadPool(20);
		try {
			for (Future<HttpResponse<String>> sent : pool.invokeAll(cancels)) {
				HttpResponse<String> response = sent.get();
				assertThat(response.statusCode()).as(response.body()).isIn(200, 202);
			}
		}
		finally {
			pool.shutdown();
		}
		JsonNode order = shop.awaitFinal(id);
		assertThat(order.get("status").asString()).isEqualTo("CANCELLED");
		assertThat(Shop.history(order)).filteredOn("CANCELLATION REQUESTED"::equals).hasSize(1);
		shop.assertInvariants(order);
		List<String> refunds = new ArrayList<>();
		shop.get("/api/payments?orderId=" + id)
			.forEach((payment) -> refunds.add(payment.get("type").asString() + " " + payment.get("status").asString()));
		assertThat(refunds).containsExactlyInAnyOrder("CHARGE SUCCEEDED", "REFUND SUCCEEDED");
		assertThat(shop.available(sku)).isEqualTo(10);
	}

}
