package dev.sagashop.systemtests;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The public API as a customer and an operator use it, through the gateway, and the
 * contract's invariants checked from the APIs alone.
 */
final class Shop {

	private static final JsonMapper json = JsonMapper.builder().build();

	private final Sagashop sagashop;

	/** The answers {@link #placeRetrying} got, by status ({@code lost} for none). */
	final Map<String, LongAdder> answers = new ConcurrentSkipListMap<>();

	Shop(Sagashop sagashop) {
		this.sagashop = sagashop;
	}

	/** Creates a product with a fresh sku. */
	String newProduct(long price, int available) throws Exception {
		String sku = "SYS-" + UUID.randomUUID().toString().substring(0, 12);
		HttpResponse<String> created = this.sagashop.send(8080, "POST", "/api/products", """
				{"sku":"%s","name":"System test item","price":%d,"currency":"EUR","available":%d}""".formatted(sku,
				price, available), this.sagashop.token("ops"));
		assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
		return sku;
	}

	/**
	 * Places an order as the contract's clients do: a {@code 503} (the checkout busy) or
	 * a lost answer is sent again with the same {@code Idempotency-Key}.
	 */
	UUID order(String sku, int quantity, String cardToken, String country) throws Exception {
		return placeRetrying("order-" + UUID.randomUUID(), orderBody(sku, quantity, cardToken, country),
				Duration.ofMinutes(2));
	}

	/** The body of an order of one line, to the address of the contract's example. */
	static String orderBody(String sku, int quantity, String cardToken, String country) {
		return """
				{"items":[{"sku":"%s","quantity":%d}],"payment":{"cardToken":"%s"},
				 "shippingAddress":{"name":"Ada","line1":"1 Main St","city":"Berlin","postalCode":"10115","country":"%s"}}"""
			.formatted(sku, quantity, cardToken, country);
	}

	/**
	 * Places an order as a careful client does: with an {@code Idempotency-Key}, sending
	 * the same request again after a 5xx, a 409 (still being answered) or a lost answer,
	 * after {@code Retry-After} when there is one, until it is accepted.
	 * @param key the request's key
	 * @param body the order
	 * @param giveUpAfter how long to keep trying
	 * @return the accepted order's id
	 */
	UUID placeRetrying(String key, String body, Duration giveUpAfter) throws Exception {
		long giveUpAt = System.nanoTime() + giveUpAfter.toNanos();
		String last = "nothing sent";
		while (System.nanoTime() < giveUpAt) {
			HttpResponse<String> response;
			try {
				response = this.sagashop.send(8080, "POST", "/api/orders", body, this.sagashop.token("alice"),
						"Idempotency-Key", key);
			}
			catch (IOException ex) {
				this.answers.computeIfAbsent("lost", (name) -> new LongAdder()).increment();
				last = "lost answer: " + ex;
				Thread.sleep(500);
				continue;
			}
			int status = response.statusCode();
			this.answers.computeIfAbsent(Integer.toString(status), (name) -> new LongAdder()).increment();
			if (status == 201 || status == 202) {
				UUID id = UUID.fromString(json.readTree(response.body()).get("id").asString());
				assertThat(response.headers().firstValue("Location")).hasValue("/api/orders/" + id);
				return id;
			}
			assertThat(status).as("answer to %s: %s", key, response.body()).isIn(409, 500, 502, 503, 504);
			last = status + " " + response.body();
			long retryAfter = response.headers().firstValue("Retry-After").map(Long::parseLong).orElse(1L);
			Thread.sleep(Math.min(5, Math.max(1, retryAfter)) * 1000);
		}
		throw new AssertionError("Order " + key + " not accepted within " + giveUpAfter + "; last: " + last);
	}

	JsonNode get(String path) throws Exception {
		HttpResponse<String> response = this.sagashop.getThroughGateway(path);
		assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(200);
		return json.readTree(response.body());
	}

	/** Waits until the order is CONFIRMED, REJECTED or CANCELLED. */
	JsonNode awaitFinal(UUID orderId) {
		AtomicReference<JsonNode> order = new AtomicReference<>();
		await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
			order.set(get("/api/orders/" + orderId));
			assertThat(order.get().get("status").asString()).isIn("CONFIRMED", "REJECTED", "CANCELLED");
		});
		return order.get();
	}

	/**
	 * Asks to cancel an order.
	 * @param orderId the order
	 * @param client whose token to send: {@code alice}, {@code bob} or {@code ops}
	 * @param headers more headers, as name, value, name, value...
	 * @return the answer
	 */
	HttpResponse<String> cancel(UUID orderId, String client, String... headers) throws Exception {
		return this.sagashop.send(8080, "POST", "/api/orders/" + orderId + "/cancel", null, this.sagashop.token(client),
				headers);
	}

	/** The order's history as "STEP OUTCOME" lines. */
	static List<String> history(JsonNode order) {
		List<String> steps = new ArrayList<>();
		order.get("history")
			.forEach((entry) -> steps.add(entry.get("step").asString() + " " + entry.get("outcome").asString()));
		return steps;
	}

	int available(String sku) throws Exception {
		return get("/api/products/" + sku).get("available").asInt();
	}

	/** Succeeded charges minus succeeded refunds of the order. */
	long netPaid(UUID orderId) throws Exception {
		long net = 0;
		for (JsonNode payment : get("/api/payments?orderId=" + orderId)) {
			if ("SUCCEEDED".equals(payment.get("status").asString())) {
				long amount = payment.get("amount").asLong();
				net += "CHARGE".equals(payment.get("type").asString()) ? amount : -amount;
			}
		}
		return net;
	}

	/** The order's shipments that will leave or have left: SCHEDULED or DISPATCHED. */
	long liveShipments(UUID orderId) throws Exception {
		long live = 0;
		for (JsonNode shipment : get("/api/shipments?orderId=" + orderId)) {
			String status = shipment.get("status").asString();
			live += ("SCHEDULED".equals(status) || "DISPATCHED".equals(status)) ? 1 : 0;
		}
		return live;
	}

	/**
	 * The contract's invariants for one final order: the money kept is the total if
	 * confirmed, else nothing, and exactly confirmed orders have a shipment that is
	 * scheduled or has left; a rejected order says why, a cancelled one does not.
	 */
	void assertInvariants(JsonNode order) throws Exception {
		UUID id = UUID.fromString(order.get("id").asString());
		String status = order.get("status").asString();
		assertThat(status).isIn("CONFIRMED", "REJECTED", "CANCELLED");
		boolean confirmed = "CONFIRMED".equals(status);
		assertThat(netPaid(id)).as("net paid for %s order %s", status, id)
			.isEqualTo(confirmed ? order.get("total").asLong() : 0);
		assertThat(liveShipments(id)).as("scheduled or dispatched shipments of %s", id).isEqualTo(confirmed ? 1 : 0);
		if ("REJECTED".equals(status)) {
			assertThat(order.get("failureReason").asString()).isNotBlank();
		}
		if ("CANCELLED".equals(status)) {
			assertThat(order.get("failureReason").isNull()).as("failure reason of cancelled %s", id).isTrue();
		}
	}

	/**
	 * Parks a record on a dead-letter topic as a service's error handler would (the topic
	 * it came from and the error in headers): a message that service gave up on.
	 * @param topic the topic it came from ({@code <topic>.DLT} is where it is parked)
	 * @return where it was parked
	 */
	RecordMetadata park(String topic, String key, String value, String error) throws Exception {
		Properties config = new Properties();
		config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, "localhost:" + this.sagashop.port(9092));
		config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
		config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
		ProducerRecord<String, String> record = new ProducerRecord<>(topic + ".DLT", key, value);
		record.headers()
			.add("kafka_dlt-original-topic", topic.getBytes(StandardCharsets.UTF_8))
			.add("kafka_dlt-exception-message", error.getBytes(StandardCharsets.UTF_8));
		try (KafkaProducer<String, String> producer = new KafkaProducer<>(config)) {
			return producer.send(record).get(30, TimeUnit.SECONDS);
		}
	}

}
