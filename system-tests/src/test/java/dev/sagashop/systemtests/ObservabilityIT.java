package dev.sagashop.systemtests;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * One checkout is one trace: the test starts the trace itself (a W3C {@code traceparent}
 * on the POST, as a traced client would), and reads it back from the stack's Zipkin,
 * which every app sends its spans to. Then the same trace id in every participant's JSON
 * log lines about the order.
 */
@ExtendWith(SharedStack.class)
class ObservabilityIT {

	static final Sagashop sagashop = new Sagashop();

	static final Shop shop = new Shop(sagashop);

	static final JsonMapper json = JsonMapper.builder().build();

	static final Set<String> SERVICES = Set.of("gateway", "orders-service", "payments-service", "inventory-service",
			"shipping-service");

	private static final SecureRandom random = new SecureRandom();

	@Test
	void oneCheckoutIsOneTraceThroughTheGatewayAndAllFourServices() throws Exception {
		String sku = shop.newProduct(990, 5);
		Placed placed = place(sku, 1);
		assertThat(placed.status()).isEqualTo("CONFIRMED");
		Trace trace = awaitTrace(placed, (spans) -> spans.named("sagashop.saga.replies process").size() >= 3
				&& spans.named("sagashop.shipping.commands process").size() == 1);
		assertThat(trace.services()).containsAll(SERVICES);
		// The saga's path, read from the last command back to the client: each step is a
		// child of the reply before it, through orders-service, back to the gateway.
		assertThat(trace.servicePath(trace.single("sagashop.shipping.commands process"))).containsExactly(
				"shipping-service", "orders-service", "inventory-service", "orders-service", "payments-service",
				"orders-service", "gateway");
		// Pricing: orders-service's call to inventory-service is in the trace too.
		JsonNode pricing = trace.spans()
			.stream()
			.filter((span) -> service(span).equals("inventory-service") && "SERVER".equals(kind(span)))
			.findFirst()
			.orElseThrow(() -> new AssertionError("no inventory-service server span: " + trace.summary()));
		JsonNode caller = trace.byId().get(pricing.get("parentId").asString());
		assertThat(service(caller)).isEqualTo("orders-service");
		assertThat(kind(caller)).isEqualTo("CLIENT");
	}

	@Test
	void compensationsJoinTheTraceOfTheirCheckout() throws Exception {
		String sku = shop.newProduct(990, 1);
		Placed placed = place(sku, 2);
		assertThat(placed.status()).isEqualTo("REJECTED");
		Trace trace = awaitTrace(placed, (spans) -> spans.named("sagashop.payments.commands process").size() == 2
				&& spans.named("sagashop.saga.replies process").size() >= 3);
		// charge, reserve (refused), refund: the refund descends from the refusal.
		JsonNode refund = trace.named("sagashop.payments.commands process")
			.stream()
			.max((a, b) -> Long.compare(a.get("timestamp").asLong(), b.get("timestamp").asLong()))
			.orElseThrow();
		assertThat(trace.servicePath(refund)).containsExactly("payments-service", "orders-service", "inventory-service",
				"orders-service", "payments-service", "orders-service", "gateway");
	}

	/**
	 * Scheduled work (admission control's reading five times a second, the deadline scan,
	 * the carrier's collection scan) makes no trace of its own: Zipkin has seen, from any
	 * service, only the names of spans that requests and messages make.
	 */
	@Test
	void scheduledWorkMakesNoTraceOfItsOwn() throws Exception {
		Placed placed = place(shop.newProduct(990, 5), 1);
		awaitTrace(placed, (spans) -> spans.named("sagashop.shipping.commands process").size() == 1);
		for (String service : SERVICES) {
			URI uri = URI.create("http://localhost:" + sagashop.port(9411) + "/api/v2/spans?serviceName=" + service);
			HttpResponse<String> names = Sagashop.newClient()
				.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).build(),
						HttpResponse.BodyHandlers.ofString());
			assertThat(names.statusCode()).isEqualTo(200);
			List<String> spanNames = new ArrayList<>();
			json.readTree(names.body()).forEach((name) -> spanNames.add(name.asString()));
			assertThat(spanNames).as("span names of %s", service).noneMatch((name) -> name.startsWith("task "));
		}
	}

	@Test
	void everyParticipantLogsTheOrderWithTheTraceId() throws Exception {
		String sku = shop.newProduct(990, 5);
		Placed placed = place(sku, 1);
		assertThat(placed.status()).isEqualTo("CONFIRMED");
		for (String service : List.of("orders-service", "payments-service", "inventory-service", "shipping-service")) {
			await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
				List<JsonNode> lines = logLines(service, placed.orderId());
				assertThat(lines).as("%s's JSON log lines naming order %s", service, placed.orderId()).isNotEmpty();
				assertThat(lines).allSatisfy((line) -> {
					assertThat(line.path("traceId").asString()).isEqualTo(placed.traceId());
					assertThat(line.path("service").path("name").asString()).isEqualTo(service);
				});
			});
		}
		Sagashop.Result found = sagashop.run("logs", "--order", placed.orderId());
		assertThat(found.exitCode()).isZero();
		assertThat(found.output()).contains("payments-service", "inventory-service", "shipping-service",
				"trace " + placed.traceId());
	}

	/**
	 * The Grafana dashboard (provisioned by docker compose) asks only for metrics the
	 * apps publish: every metric name in its queries is in some app's scrape.
	 */
	@Test
	void theDashboardQueriesOnlyMetricsTheAppsPublish() throws Exception {
		// Request and listener meters appear with the first request
		// and record: one checkout.
		assertThat(place(shop.newProduct(990, 5), 1).status()).isEqualTo("CONFIRMED");
		JsonNode dashboard = json
			.readTree(sagashop.home.resolve("observability/grafana/dashboards/sagashop.json").toFile());
		Set<String> queried = new TreeSet<>();
		Pattern metric = Pattern
			.compile("\\b((?:sagashop|http|spring|jvm|process|hikaricp|kafka|resilience4j)_[a-z0-9_]+)");
		for (JsonNode panel : dashboard.get("panels")) {
			for (JsonNode target : panel.path("targets")) {
				Matcher names = metric.matcher(target.get("expr").asString());
				while (names.find()) {
					queried.add(names.group(1));
				}
			}
		}
		assertThat(queried).contains("sagashop_saga_started_total", "sagashop_saga_duration_seconds_bucket",
				"sagashop_outbox_backlog", "http_server_requests_seconds_bucket",
				"spring_kafka_listener_seconds_count");
		Set<String> published = new HashSet<>();
		for (int port : List.of(8080, 9000, 8081, 8082, 8083, 8084)) {
			HttpResponse<String> scrape = Sagashop.newClient()
				.send(HttpRequest
					.newBuilder(URI.create("http://localhost:" + sagashop.port(port) + "/actuator/prometheus"))
					.timeout(Duration.ofSeconds(10))
					.build(), HttpResponse.BodyHandlers.ofString());
			assertThat(scrape.statusCode()).isEqualTo(200);
			scrape.body()
				.lines()
				.filter((line) -> !line.startsWith("#") && !line.isBlank())
				.map((line) -> line.split("[{ ]", 2)[0])
				.forEach(published::add);
		}
		assertThat(published).containsAll(queried);
	}

	/**
	 * The JSON lines of every instance of a service whose {@code orderId} is the order.
	 */
	private static List<JsonNode> logLines(String service, String orderId) throws Exception {
		List<JsonNode> lines = new ArrayList<>();
		for (String process : Sagashop.APPS) {
			Path log = sagashop.log(process);
			if (!process.startsWith(service) || !Files.exists(log)) {
				continue;
			}
			try (Stream<String> all = Files.lines(log, StandardCharsets.UTF_8)) {
				all.filter((line) -> line.startsWith("{") && line.contains(orderId))
					.map(json::readTree)
					.filter((line) -> orderId.equals(line.path("orderId").asString()))
					.forEach(lines::add);
			}
		}
		return lines;
	}

	/**
	 * An order placed through the gateway in a trace the test started.
	 *
	 * @param orderId the order
	 * @param status its status once final
	 * @param traceId the trace the test started
	 * @param clientSpanId the test's own span, the gateway's parent
	 */
	record Placed(String orderId, String status, String traceId, String clientSpanId) {
	}

	private static Placed place(String sku, int quantity) throws Exception {
		String traceId = hex(16);
		String clientSpanId = hex(8);
		HttpResponse<String> response = sagashop.send(8080, "POST", "/api/orders",
				"""
						{"items":[{"sku":"%s","quantity":%d}],"payment":{"cardToken":"tok_visa"},
						 "shippingAddress":{"name":"Ada","line1":"1 Main St","city":"Berlin","postalCode":"10115","country":"DE"}}"""
					.formatted(sku, quantity),
				sagashop.token("alice"), "traceparent", "00-" + traceId + "-" + clientSpanId + "-01", "Prefer",
				"wait=20");
		assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
		JsonNode order = json.readTree(response.body());
		return new Placed(order.get("id").asString(), order.get("status").asString(), traceId, clientSpanId);
	}

	private static String hex(int bytes) {
		byte[] value = new byte[bytes];
		random.nextBytes(value);
		return HexFormat.of().formatHex(value);
	}

	/**
	 * Polls Zipkin until the trace has the spans the test waits for, and every span of it
	 * hangs off another (spans leave each app in batches, a few seconds apart).
	 */
	private static Trace awaitTrace(Placed placed, Predicate<Trace> complete) {
		String traceId = placed.traceId();
		AtomicReference<Trace> trace = new AtomicReference<>(new Trace(List.of()));
		URI uri = URI.create("http://localhost:" + sagashop.port(9411) + "/api/v2/trace/" + traceId);
		await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
			HttpResponse<String> response = Sagashop.newClient()
				.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).build(),
						HttpResponse.BodyHandlers.ofString());
			if (response.statusCode() == 200) {
				List<JsonNode> spans = new ArrayList<>();
				json.readTree(response.body()).forEach(spans::add);
				trace.set(new Trace(spans));
			}
			assertThat(complete.test(trace.get())).as("trace %s so far: %s", traceId, trace.get().summary()).isTrue();
			trace.get().assertConnected(placed.clientSpanId());
		});
		return trace.get();
	}

	private static String service(JsonNode span) {
		return span.path("localEndpoint").path("serviceName").asString();
	}

	private static String kind(JsonNode span) {
		return span.path("kind").asString("");
	}

	/** The spans of one trace as Zipkin's API returns them. */
	record Trace(List<JsonNode> spans) {

		Map<String, JsonNode> byId() {
			Map<String, JsonNode> byId = new LinkedHashMap<>();
			this.spans.forEach((span) -> byId.put(span.get("id").asString(), span));
			return byId;
		}

		Set<String> services() {
			return this.spans.stream().map(ObservabilityIT::service).collect(Collectors.toSet());
		}

		List<JsonNode> named(String name) {
			return this.spans.stream().filter((span) -> span.get("name").asString().equals(name)).toList();
		}

		JsonNode single(String name) {
			assertThat(named(name)).as(summary()).hasSize(1);
			return named(name).get(0);
		}

		/**
		 * Every span hangs off another span of the trace, but the gateway's server span,
		 * whose parent is the client's.
		 */
		void assertConnected(String clientSpanId) {
			Map<String, JsonNode> byId = byId();
			List<JsonNode> roots = this.spans.stream()
				.filter((span) -> !byId.containsKey(span.path("parentId").asString("")))
				.toList();
			assertThat(roots).as("spans without a parent in the trace: " + summary())
				.singleElement()
				.satisfies((root) -> {
					assertThat(service(root)).isEqualTo("gateway");
					assertThat(kind(root)).isEqualTo("SERVER");
					assertThat(root.path("parentId").asString()).isEqualTo(clientSpanId);
				});
		}

		/** The services from a span up to the root, consecutive repeats merged. */
		List<String> servicePath(JsonNode span) {
			Map<String, JsonNode> byId = byId();
			List<String> path = new ArrayList<>();
			for (JsonNode at = span; at != null; at = byId.get(at.path("parentId").asString(""))) {
				if (path.isEmpty() || !path.get(path.size() - 1).equals(service(at))) {
					path.add(service(at));
				}
			}
			return path;
		}

		String summary() {
			return this.spans.stream()
				.map((span) -> service(span) + ":" + span.get("name").asString())
				.collect(Collectors.joining(", ", "[", "]"));
		}

	}

}
