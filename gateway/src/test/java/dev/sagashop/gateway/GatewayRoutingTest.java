package dev.sagashop.gateway;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import dev.sagashop.testsupport.TestTokens;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.cloud.client.loadbalancer.LoadBalancerEagerLoadProperties;
import org.springframework.cloud.gateway.route.RouteDefinition;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "sagashop.rate-limit.capacity=30", "sagashop.rate-limit.refill-per-second=5" })
class GatewayRoutingTest {

	static final Map<String, HttpServer> backends = new ConcurrentHashMap<>();

	/** The new orders that reached orders-service. */
	static final AtomicInteger ordersPlaced = new AtomicInteger();

	final HttpClient http = HttpClient.newHttpClient();

	@LocalServerPort
	int port;

	@Autowired
	MeterRegistry meters;

	@Autowired
	org.springframework.cloud.gateway.config.GatewayProperties routes;

	@Autowired
	LoadBalancerEagerLoadProperties eagerLoad;

	@DynamicPropertySource
	static void backends(DynamicPropertyRegistry registry) throws IOException {
		for (String service : new String[] { "orders", "payments", "inventory", "shipping" }) {
			HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
			server.createContext("/", backendHandler(service));
			server.start();
			backends.put(service, server);
			registry.add(service.toUpperCase() + "_URL", () -> "http://127.0.0.1:" + server.getAddress().getPort());
		}
		HttpServer console = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		console.createContext("/", GatewayRoutingTest::consoleHandler);
		console.start();
		backends.put("console", console);
		registry.add("CONSOLE_URL", () -> "http://127.0.0.1:" + console.getAddress().getPort());
		registry.add("sagashop.auth.jwk-set-uri", () -> TestTokens.get().jwkSetUri());
	}

	/** The console: answers what it was given (path, Host, cookie, form), as text. */
	static void consoleHandler(com.sun.net.httpserver.HttpExchange exchange) throws IOException {
		try (exchange) {
			String form = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
			byte[] body = String
				.join("|", exchange.getRequestMethod(), exchange.getRequestURI().toString(),
						exchange.getRequestHeaders().getFirst("Host"),
						String.valueOf(exchange.getRequestHeaders().getFirst("Cookie")), form)
				.getBytes(StandardCharsets.UTF_8);
			exchange.getResponseHeaders().set("Set-Cookie", "SAGASHOP_CONSOLE_SESSION=s2; Path=/console; HttpOnly");
			exchange.sendResponseHeaders(200, body.length);
			exchange.getResponseBody().write(body);
		}
	}

	/** A service: answers what it was asked, and a small OpenAPI document of its own. */
	static HttpHandler backendHandler(String service) {
		return (exchange) -> {
			String request = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
			if (service.equals("orders") && exchange.getRequestMethod().equals("POST")
					&& exchange.getRequestURI().getPath().equals("/api/orders")) {
				ordersPlaced.incrementAndGet();
				if (request.startsWith("overloaded:")) {
					// Admission control's refusal: closed for the milliseconds asked.
					overloaded(exchange, request.substring("overloaded:".length()));
					return;
				}
			}
			String authorization = exchange.getRequestHeaders().getFirst("Authorization");
			boolean document = exchange.getRequestURI().getPath().equals("/v3/api-docs");
			byte[] body = (document
					? ApiDocumentsTest.part(service, "/api/" + service, service + "-view").document().toString()
					: service + " " + exchange.getRequestURI() + " " + (authorization != null))
				.getBytes(StandardCharsets.UTF_8);
			if (document) {
				exchange.getResponseHeaders().set("Content-Type", "application/json");
			}
			Runnable answer = () -> {
				try (exchange) {
					exchange.sendResponseHeaders(200, body.length);
					exchange.getResponseBody().write(body);
				}
				catch (IOException ex) {
					throw new UncheckedIOException(ex);
				}
			};
			String query = exchange.getRequestURI().getQuery();
			if (query != null && query.contains("slow")) {
				// A slow service: answers after 2 s, beyond Resilience4j's default 1 s.
				CompletableFuture.runAsync(answer, CompletableFuture.delayedExecutor(2, TimeUnit.SECONDS));
			}
			else {
				answer.run();
			}
		};
	}

	/** orders-service's refusal of a new order (ADR 14), with how long it refuses all. */
	static void overloaded(com.sun.net.httpserver.HttpExchange exchange, String closedForMillis) throws IOException {
		byte[] body = "{\"title\":\"Checkout overloaded\",\"status\":503,\"from\":\"orders\"}"
			.getBytes(StandardCharsets.UTF_8);
		try (exchange) {
			exchange.getResponseHeaders().set("Content-Type", "application/problem+json");
			exchange.getResponseHeaders().set("Retry-After", "3");
			exchange.getResponseHeaders().set(CheckoutShedding.CLOSED_FOR, closedForMillis);
			exchange.sendResponseHeaders(503, body.length);
			exchange.getResponseBody().write(body);
		}
	}

	@AfterAll
	static void stopBackends() {
		backends.values().forEach((server) -> server.stop(0));
	}

	/**
	 * An AOT-processed start (ADR 42) has a load balancer only for the services named for
	 * eager loading: every service a route balances over is one of them.
	 */
	@Test
	void namesEveryServiceARouteBalancesOverForItsLoadBalancerToBeMadeAtStart() {
		List<String> balanced = this.routes.getRoutes()
			.stream()
			.map(RouteDefinition::getUri)
			.filter((uri) -> "lb".equals(uri.getScheme()))
			.map(URI::getHost)
			.distinct()
			.toList();
		assertThat(balanced).contains("orders", "payments", "inventory", "shipping", "console");
		assertThat(this.eagerLoad.getClients()).containsExactlyInAnyOrderElementsOf(balanced);
	}

	@ParameterizedTest
	@CsvSource({ "/api/orders, orders", "/api/orders/42?x=1, orders", "/api/payments?orderId=7, payments",
			"/api/products/SKU-1, inventory", "/api/products?page=0, inventory", "/api/shipments?orderId=7, shipping",
			"/api/sagas?overdue=true, orders", "/api/dead-letters/payments-service, payments",
			"/api/dead-letters/inventory-service, inventory", "/api/dead-letters/shipping-service, shipping",
			"/api/dead-letters/orders-service, orders", "/api/reservations?orderId=7, inventory" })
	void routesEachApiPathToItsServiceWithoutRewritingAndRelaysTheToken(String path, String service) throws Exception {
		HttpResponse<String> response = get(path, freshToken());
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).isEqualTo(service + " " + path + " true");
	}

	@ParameterizedTest
	@CsvSource({ "orders", "payments", "inventory", "shipping" })
	void servesEachServicesOpenApiDocumentWithoutAToken(String service) throws Exception {
		HttpResponse<String> response = get("/v3/api-docs/" + service, null);
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).contains("\"title\":\"sagashop " + service + "\"");
	}

	@ParameterizedTest
	@CsvSource({ "orders", "payments", "inventory", "shipping" })
	void servesEachServicesAsyncApiDocumentWithoutAToken(String service) throws Exception {
		HttpResponse<String> response = get("/asyncapi/" + service, null);
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).isEqualTo(service + " /asyncapi false");
	}

	@Test
	void servesTheWholeApiInOneDocumentWithoutAToken() throws Exception {
		HttpResponse<String> response = get("/v3/api-docs", null);
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
		assertThat(response.body()).contains("(/asyncapi/orders)", "(/asyncapi/shipping)");
		assertThat(response.body()).contains("\"title\":\"sagashop\"", "\"/api/orders\"", "\"/api/payments\"",
				"\"/api/inventory\"", "\"/api/shipping\"", "\"shipping-view\"");
	}

	@Test
	void answers503WhenAServicesDocumentCannotBeRead() throws Exception {
		HttpServer shipping = backends.get("shipping");
		shipping.removeContext("/");
		shipping.createContext("/", (exchange) -> {
			exchange.sendResponseHeaders(500, -1);
			exchange.close();
		});
		try {
			HttpResponse<String> response = get("/v3/api-docs", null);
			assertThat(response.statusCode()).isEqualTo(503);
			assertThat(response.body()).contains("shipping-service");
			assertProblem(response);
		}
		finally {
			shipping.removeContext("/");
			shipping.createContext("/", backendHandler("shipping"));
		}
	}

	/**
	 * The console signs people in itself: no token is asked, the session cookie and a
	 * form pass both ways, and the console sees the gateway's own address as Host (its
	 * sign-in's redirect URI is built on it).
	 */
	@Test
	void routesTheConsoleWithItsCookiesAndFormsAndTheGatewaysHost() throws Exception {
		HttpResponse<String> page = this.http.send(HttpRequest.newBuilder(uri("/console/orders?status=CONFIRMED"))
			.header("Cookie", "SAGASHOP_CONSOLE_SESSION=s1")
			.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(page.statusCode()).isEqualTo(200);
		assertThat(page.body())
			.isEqualTo("GET|/console/orders?status=CONFIRMED|localhost:" + this.port + "|SAGASHOP_CONSOLE_SESSION=s1|");
		assertThat(page.headers().firstValue("Set-Cookie"))
			.hasValue("SAGASHOP_CONSOLE_SESSION=s2; Path=/console; HttpOnly");
		HttpResponse<String> form = this.http.send(HttpRequest.newBuilder(uri("/console/orders"))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString("sku=SKU-1&_csrf=t"))
			.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(form.body()).isEqualTo("POST|/console/orders|localhost:" + this.port + "|null|sku=SKU-1&_csrf=t");
		assertThat(get("/console", null).body()).startsWith("GET|/console|");
	}

	@Test
	void servesOneSwaggerUiOverAllServices() throws Exception {
		HttpResponse<String> config = get("/v3/api-docs/gateway/swagger-config", null);
		assertThat(config.statusCode()).isEqualTo(200);
		assertThat(config.body()).contains("/v3/api-docs/orders", "/v3/api-docs/payments", "/v3/api-docs/inventory",
				"/v3/api-docs/shipping");
		assertThat(get("/swagger-ui.html", null).statusCode()).isIn(200, 302);
	}

	/** A slow answer within the route's timeout is no failure of the circuit breaker. */
	@Test
	void waitsForASlowServiceWithinTheRoutesTimeout() throws Exception {
		HttpResponse<String> response = get("/api/products?slow", freshToken());
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		assertThat(response.body()).startsWith("inventory /api/products?slow");
	}

	@ParameterizedTest
	@CsvSource({ "/api/unknown", "/orders", "/api/productsX" })
	void answersNotFoundForPathsOfNoService(String path) throws Exception {
		HttpResponse<String> response = get(path, freshToken());
		assertThat(response.statusCode()).isEqualTo(404);
		assertProblem(response);
	}

	@Test
	void refusesMissingAndBadTokensBeforeRouting() throws Exception {
		assertUnauthorized(get("/api/orders", null), "no token");
		for (String[] bad : TestTokens.get().badTokens("alice", "orders")) {
			assertUnauthorized(get("/api/orders", bad[1]), bad[0]);
		}
	}

	/**
	 * A keep-alive client sends its next request as soon as it has read an answer, which
	 * can be before the exchange has ended on the connection's event loop: a proxied
	 * answer ends on the event loop of the connection to the service. Reactor Netty 1.3.6
	 * then answered the next request and never read the one after it (its bug #4361, ADR
	 * 20): proxied answers and refusals in turn on one connection.
	 */
	@Test
	void answersEveryRequestOfAKeepAliveConnectionAfterProxiedAnswers() throws Exception {
		// Refused by the firewall before the rate limit, so that this test leaves the
		// bucket of anonymous requests from this address full for the others.
		String refused = "GET /api/orders/%2e%2e/x HTTP/1.1\r\nHost: localhost\r\n\r\n";
		List<Integer> statuses = new ArrayList<>();
		try (Socket socket = new Socket("localhost", this.port)) {
			socket.setSoTimeout(5000);
			InputStream in = new BufferedInputStream(socket.getInputStream());
			for (int round = 0; round < 100; round++) {
				// A customer per round, so that no proxied request is rate limited.
				String proxied = "GET /api/orders/keep-alive HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer "
						+ freshToken() + "\r\n\r\n";
				for (String request : List.of(proxied, refused, refused)) {
					socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
					statuses.add(readResponse(in));
				}
			}
		}
		catch (SocketTimeoutException ex) {
			throw new AssertionError("no answer to request " + (statuses.size() + 1), ex);
		}
		assertThat(statuses).hasSize(300).containsOnly(200, 400);
		assertThat(statuses.stream().filter((status) -> status == 200)).as("proxied").hasSize(100);
	}

	/** Reads one HTTP/1.1 answer with a Content-Length; returns its status. */
	private static int readResponse(InputStream in) throws IOException {
		String status = line(in);
		int length = 0;
		for (String header = line(in); !header.isEmpty(); header = line(in)) {
			if (header.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
				length = Integer.parseInt(header.substring(header.indexOf(':') + 1).trim());
			}
		}
		in.readNBytes(length);
		return Integer.parseInt(status.split(" ")[1]);
	}

	private static String line(InputStream in) throws IOException {
		StringBuilder line = new StringBuilder();
		for (int c = in.read(); c != '\n'; c = in.read()) {
			if (c < 0) {
				throw new EOFException("connection closed after " + line);
			}
			if (c != '\r') {
				line.append((char) c);
			}
		}
		return line.toString();
	}

	@Test
	void limitsEachClientAndTellsWhenToRetry() throws Exception {
		String noisy = freshToken();
		List<Integer> statuses = new ArrayList<>();
		HttpResponse<String> limited = null;
		for (int i = 0; i < 60; i++) {
			HttpResponse<String> response = get("/api/products", noisy);
			statuses.add(response.statusCode());
			if (response.statusCode() == 429 && limited == null) {
				limited = response;
			}
		}
		assertThat(statuses).contains(200, 429);
		assertThat(limited.headers().firstValue("Retry-After")).hasValue("1");
		assertProblem(limited);
		assertThat(get("/api/products", freshToken()).statusCode()).as("another client").isEqualTo(200);
	}

	@Test
	void refusesNewOrdersItselfWhileOrdersServiceSaidItRefusesThemAll() throws Exception {
		String token = freshToken();
		int placed = ordersPlaced.get();
		HttpResponse<String> refused = post(token, "overloaded:3000");
		assertThat(refused.statusCode()).isEqualTo(503);
		assertThat(refused.body()).contains("\"from\":\"orders\"");
		assertThat(refused.headers().firstValue(CheckoutShedding.CLOSED_FOR)).as("kept in the gateway").isEmpty();

		// The refusal relayed is observed as any request; the ones made at the edge are
		// not.
		double observed = await().atMost(Duration.ofSeconds(5)).until(this::refusedOrdersObserved, (n) -> n > 0);
		HttpResponse<String> shed = post(token, "{}");
		assertThat(shed.statusCode()).isEqualTo(503);
		assertProblem(shed);
		assertThat(shed.body()).contains("\"title\":\"Checkout overloaded\"").doesNotContain("\"from\"");
		assertThat(shed.headers().firstValue("Retry-After")).hasValue("3");
		await().during(Duration.ofMillis(300))
			.atMost(Duration.ofSeconds(2))
			.until(this::refusedOrdersObserved, (n) -> n == observed);
		assertUnauthorized(post("never-issued", "{}"), "a token not verified yet is checked first");
		assertUnauthorized(this.http.send(
				HttpRequest.newBuilder(uri("/api/orders")).POST(HttpRequest.BodyPublishers.ofString("{}")).build(),
				HttpResponse.BodyHandlers.ofString()), "no token");
		assertThat(ordersPlaced.get()).as("new orders that reached orders-service").isEqualTo(placed + 1);
		assertThat(get("/api/orders", token).statusCode()).as("reads").isEqualTo(200);
		assertThat(this.http
			.send(HttpRequest.newBuilder(uri("/api/orders/42/cancel"))
				.header("Authorization", "Bearer " + token)
				.POST(HttpRequest.BodyPublishers.noBody())
				.build(), HttpResponse.BodyHandlers.ofString())
			.statusCode()).as("a cancellation").isEqualTo(200);

		// The door opens again when orders-service said it would (asked twice a second:
		// this client's rate limit is 5 a second).
		HttpResponse<String> admitted = await().atMost(Duration.ofSeconds(10))
			.pollInterval(Duration.ofMillis(500))
			.until(() -> post(token, "{}"), (response) -> response.statusCode() != 503);
		assertThat(admitted.statusCode()).isEqualTo(200);
		assertThat(ordersPlaced.get()).isEqualTo(placed + 2);
	}

	@Test
	void refusesBodiesOver64KibWith413() throws Exception {
		String token = freshToken();
		HttpResponse<String> small = post(token, "x".repeat(64 * 1024));
		assertThat(small.statusCode()).isEqualTo(200);
		HttpResponse<String> large = post(token, "x".repeat(64 * 1024 + 1));
		assertThat(large.statusCode()).isEqualTo(413);
		assertProblem(large);
	}

	/** New orders the gateway answered 503, as its server observations counted them. */
	private double refusedOrdersObserved() {
		return this.meters.find("http.server.requests")
			.tags("method", "POST", "status", "503")
			.timers()
			.stream()
			.mapToDouble(Timer::count)
			.sum();
	}

	private HttpResponse<String> post(String token, String body) throws Exception {
		return this.http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + "/api/orders"))
			.header("Authorization", "Bearer " + token)
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(body))
			.build(), HttpResponse.BodyHandlers.ofString());
	}

	private URI uri(String path) {
		return URI.create("http://localhost:" + this.port + path);
	}

	private HttpResponse<String> get(String path, String token) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(uri(path));
		if (token != null) {
			request.header("Authorization", "Bearer " + token);
		}
		return this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	/** A token of a customer of its own, so that no test spends another's rate limit. */
	private static String freshToken() {
		return TestTokens.get().valid("customer-" + UUID.randomUUID(), "orders");
	}

	private static void assertUnauthorized(HttpResponse<String> response, String what) {
		assertThat(response.statusCode()).as(what).isEqualTo(401);
		assertThat(response.headers().firstValue("WWW-Authenticate")).as(what)
			.hasValueSatisfying((header) -> assertThat(header).startsWith("Bearer"));
		assertProblem(response);
	}

	private static void assertProblem(HttpResponse<String> response) {
		assertThat(response.headers().firstValue("Content-Type"))
			.hasValueSatisfying((type) -> assertThat(type).startsWith("application/problem+json"));
		assertThat(response.body()).contains("\"status\":" + response.statusCode()).contains("\"title\"");
	}

}
