package dev.sagashop.console;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.authentication.TestingAuthenticationToken;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientService;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.request.RequestPostProcessor;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.context.WebApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.matchesRegex;
import static org.hamcrest.Matchers.not;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.oauth2Client;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.oauth2Login;
import static org.springframework.security.test.web.servlet.setup.SecurityMockMvcConfigurers.springSecurity;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The console's pages against a stand-in of the API: what the signed-in person's token
 * lets the API answer is what the pages show; the token itself never reaches the browser.
 */
@SpringBootTest
class ConsolePagesTest {

	static final UUID ORDER = UUID.fromString("0b9e5c1e-6f0a-4d2b-9d4e-2f1a3c5b7d90");

	static final String TOKEN = accessToken("alice", "orders");

	static final String OPS_TOKEN = accessToken("ops", "orders", "admin");

	static final UUID PENDING = UUID.fromString("5c0ffee0-0000-4000-8000-000000000001");

	static final List<String> SEEN = new CopyOnWriteArrayList<>();

	static final List<String> BODIES = new CopyOnWriteArrayList<>();

	static HttpServer api;

	@Autowired
	WebApplicationContext context;

	@Autowired
	ClientRegistrationRepository registrations;

	@Autowired
	OAuth2AuthorizedClientService authorizedClients;

	MockMvc mvc;

	@DynamicPropertySource
	static void standInApi(DynamicPropertyRegistry registry) throws IOException {
		api = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		api.createContext("/api/orders", ConsolePagesTest::answer);
		api.createContext("/api/products", ConsolePagesTest::answer);
		api.createContext("/api/sagas", ConsolePagesTest::answer);
		api.createContext("/api/dead-letters", ConsolePagesTest::answer);
		api.createContext("/api/payments", ConsolePagesTest::answer);
		api.createContext("/api/shipments", ConsolePagesTest::answer);
		api.createContext("/api/reservations", ConsolePagesTest::answer);
		api.start();
		registry.add("sagashop.console.api-url", () -> "http://127.0.0.1:" + api.getAddress().getPort());
	}

	@AfterAll
	static void stopApi() {
		api.stop(0);
	}

	@BeforeEach
	void connect() {
		this.mvc = MockMvcBuilders.webAppContextSetup(this.context).apply(springSecurity()).build();
		SEEN.clear();
		BODIES.clear();
	}

	@Test
	void sendsSomeoneNotSignedInToAuthServerWithPkce() throws Exception {
		this.mvc.perform(get("/"))
			.andExpect(status().isFound())
			.andExpect(redirectedUrl("/oauth2/authorization/sagashop"));
		this.mvc.perform(get("/oauth2/authorization/sagashop"))
			.andExpect(status().isFound())
			.andExpect(header().string("Location",
					allOf(containsString("http://localhost:9000/oauth2/authorize?"),
							containsString("client_id=sagashop-console"), containsString("code_challenge="),
							containsString("code_challenge_method=S256"))));
	}

	@Test
	void listsTheOrdersTheApiGivesThePersonsOwnToken() throws Exception {
		this.mvc.perform(get("/").with(alice()))
			.andExpect(status().isOk())
			.andExpect(content().string(allOf(containsString("/orders/" + ORDER), containsString("CONFIRMED"),
					containsString("2500 EUR"), not(containsString(TOKEN)))));
		assertThat(SEEN).containsExactly("GET /api/orders?size=50 Bearer " + TOKEN);
	}

	@Test
	void drawsAnOrdersSagaStepByStepWithTheTimeBetweenThem() throws Exception {
		this.mvc.perform(get("/orders/" + ORDER).with(alice()))
			.andExpect(status().isOk())
			.andExpect(content().string(allOf(containsString("SENT"), containsString("ChargePayment"),
					containsString("RECEIVED"), containsString("PaymentCharged"), containsString("+120 ms"),
					containsString("→ RESERVING_STOCK"), containsString("CHARGE"),
					containsString("http://localhost:9411/zipkin/traces/4bf92f3577b34da6a3ce929d0e0e4736"),
					containsString("SUCCEEDED"), containsString("No shipment."),
					containsString("<title>Order " + ORDER + " · sagashop console"), not(containsString(TOKEN)))));
		assertThat(SEEN).containsExactly("GET /api/orders/" + ORDER + " Bearer " + TOKEN,
				"GET /api/orders/" + ORDER + "/journal Bearer " + TOKEN,
				"GET /api/payments?orderId=" + ORDER + " Bearer " + TOKEN,
				"GET /api/shipments?orderId=" + ORDER + " Bearer " + TOKEN);
	}

	/**
	 * An admin sees what inventory-service holds for the order; a customer is told why
	 * not.
	 */
	@Test
	void showsAdminsTheOrdersStockReservation() throws Exception {
		this.mvc.perform(get("/orders/" + ORDER).with(ops()))
			.andExpect(status().isOk())
			.andExpect(content().string(allOf(containsString("id=\"reservations\""), containsString("2 × MUG-1"))));
		assertThat(SEEN).contains("GET /api/reservations?orderId=" + ORDER + " Bearer " + OPS_TOKEN);
		this.mvc.perform(get("/orders/" + ORDER).with(alice()))
			.andExpect(content()
				.string(allOf(not(containsString("id=\"reservations\"")), containsString("only admins may read it"))));
	}

	@Test
	void reloadsAnOrdersPageOnlyWhileItsSagaRuns() throws Exception {
		this.mvc.perform(get("/orders/" + PENDING).with(alice()))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("http-equiv=\"refresh\"")));
		this.mvc.perform(get("/orders/" + ORDER).with(alice()))
			.andExpect(content().string(not(containsString("http-equiv=\"refresh\""))));
	}

	@Test
	void offersTheCatalogueTheSandboxCardsAndACountryNoCarrierServes() throws Exception {
		this.mvc.perform(get("/place").with(alice()))
			.andExpect(status().isOk())
			.andExpect(content().string(allOf(containsString("Mug (MUG-1), 1250 EUR, 7 left"),
					containsString("tok_chargeDeclined"), containsString("value=\"AQ\""),
					containsString("name=\"key\""), containsString("name=\"_csrf\""))));
	}

	/**
	 * A product beyond the catalogue's first page, named in the link, is offered and
	 * chosen.
	 */
	@Test
	void choosesTheProductTheLinkNamesEvenBeyondTheFirstPage() throws Exception {
		this.mvc.perform(get("/place").param("sku", "LAMP-9").with(alice()))
			.andExpect(status().isOk())
			.andExpect(content().string(allOf(containsString("Lamp (LAMP-9), 4000 EUR, 2 left"),
					containsString("Mug (MUG-1)"), matchesRegex("(?s).*value=\"LAMP-9\"[^>]*selected.*"))));
		assertThat(SEEN).contains("GET /api/products/LAMP-9 Bearer " + TOKEN);
	}

	@Test
	void namesTheFieldsToCheckAndSendsNothing() throws Exception {
		String page = this.mvc
			.perform(post("/place").param("sku", "MUG-1")
				.param("quantity", "0")
				.param("cardToken", "tok_visa")
				.param("name", "Ada")
				.param("line1", "1 Main St")
				.param("city", "Berlin")
				.param("postalCode", "10115")
				.param("country", "Deutschland")
				.param("key", "key-4")
				.with(alice())
				.with(csrf()))
			.andExpect(status().isOk())
			.andReturn()
			.getResponse()
			.getContentAsString();
		assertThat(page).containsPattern("id=\"refusal\">Check (quantity, country|country, quantity)\\.<")
			.contains("<span>alice</span>");
		assertThat(SEEN).noneMatch((seen) -> seen.startsWith("POST"));
	}

	@Test
	void placesTheOrderOnceWithTheFormsKeyAndShowsItsSaga() throws Exception {
		this.mvc.perform(placing("MUG-1", "key-1").with(alice()).with(csrf()))
			.andExpect(status().isFound())
			.andExpect(redirectedUrl("/orders/" + PENDING));
		assertThat(SEEN).containsExactly("POST /api/orders Bearer " + TOKEN + " key-1");
		assertThat(BODIES).singleElement()
			.asString()
			.contains("\"sku\":\"MUG-1\"", "\"quantity\":2", "\"cardToken\":\"tok_chargeDeclined\"",
					"\"country\":\"AQ\"");
	}

	@Test
	void showsWhyTheApiRefusedAnOrder() throws Exception {
		this.mvc.perform(placing("UNKNOWN-1", "key-2").with(alice()).with(csrf()))
			.andExpect(status().isOk())
			.andExpect(content()
				.string(allOf(containsString("422: No product UNKNOWN-1"), not(containsString("value=\"key-2\"")))));
		this.mvc.perform(placing("MUG-1", "key-3").with(alice())).andExpect(status().isForbidden());
		assertThat(SEEN.stream().filter((seen) -> seen.startsWith("POST"))).hasSize(1);
	}

	private static MockHttpServletRequestBuilder placing(String sku, String key) {
		return post("/place").param("sku", sku)
			.param("quantity", "2")
			.param("cardToken", "tok_chargeDeclined")
			.param("name", "Ada")
			.param("line1", "1 Main St")
			.param("city", "Berlin")
			.param("postalCode", "10115")
			.param("country", "AQ")
			.param("key", key);
	}

	/**
	 * An admin sees every saga, filtered as the form says, the stuck ones marked, the
	 * page reloading while one runs; a customer gets the not-allowed page and no link.
	 */
	@Test
	void showsAdminsEverySagaWithItsStepAgeAndDeadline() throws Exception {
		this.mvc
			.perform(get("/sagas").param("status", "PENDING")
				.param("overdue", "true")
				.param("since", "1 hour")
				.param("failureReason", "NOT_A_REASON")
				.with(ops()))
			.andExpect(status().isOk())
			.andExpect(content().string(allOf(containsString("/orders/" + PENDING), containsString("CHARGING_PAYMENT"),
					containsString("95 s"), containsString("past its deadline"), containsString("PENDING: 2"),
					containsString("CONFIRMED: 7"), containsString("http-equiv=\"refresh\""),
					containsString("id=\"every-saga\""), not(containsString(OPS_TOKEN)))));
		assertThat(SEEN).singleElement()
			.satisfies((seen) -> assertThat(seen)
				.startsWith("GET /api/sagas?status=PENDING&overdue=true&page=0&size=25" + "&placedAfter=")
				.endsWith(" Bearer " + OPS_TOKEN));
		SEEN.clear();
		this.mvc.perform(get("/sagas").param("customerId", " a b{c}&d=e ").with(ops())).andExpect(status().isOk());
		assertThat(SEEN).singleElement()
			.satisfies((seen) -> assertThat(seen).startsWith("GET /api/sagas?customerId=a%20b%7Bc%7D%26d%3De&page=0"));
		// The container renders error/403.html for it (ConsoleBrowserIT sees it).
		this.mvc.perform(get("/sagas").with(alice())).andExpect(status().isForbidden());
		this.mvc.perform(get("/").with(alice())).andExpect(content().string(not(containsString("every-saga"))));
	}

	/**
	 * An admin finds a dead letter among every service's, reads why it failed, and
	 * redrives it from its own page with the form's CSRF token; the service decides.
	 */
	@Test
	void showsAdminsEveryServicesDeadLettersAndRedrivesOneByItsForm() throws Exception {
		this.mvc.perform(get("/dead-letters").with(ops()))
			.andExpect(status().isOk())
			.andExpect(content().string(allOf(containsString("ChargePayment"), containsString("Simulated failure"),
					containsString("/dead-letters/payments-service/sagashop.payments.commands.DLT/1/7"))));
		assertThat(SEEN).containsExactly("GET /api/dead-letters/orders-service Bearer " + OPS_TOKEN,
				"GET /api/dead-letters/payments-service Bearer " + OPS_TOKEN,
				"GET /api/dead-letters/inventory-service Bearer " + OPS_TOKEN,
				"GET /api/dead-letters/shipping-service Bearer " + OPS_TOKEN);
		String page = "/dead-letters/payments-service/sagashop.payments.commands.DLT/1/7";
		this.mvc.perform(get(page).with(ops()))
			.andExpect(status().isOk())
			.andExpect(content().string(allOf(containsString("{&quot;type&quot;:&quot;ChargePayment&quot;}"),
					containsString("id=\"redrive\""), containsString("name=\"_csrf\""))));
		this.mvc.perform(post(page + "/redrive").with(ops())).andExpect(status().isForbidden());
		SEEN.clear();
		this.mvc.perform(post(page + "/redrive").with(ops()).with(csrf()))
			.andExpect(status().isFound())
			.andExpect(redirectedUrl("/dead-letters"))
			.andExpect(
					flash().attribute("outcome", "sagashop.payments.commands.DLT/1/7 of payments-service: redriven."));
		assertThat(SEEN).containsExactly("POST /api/dead-letters/payments-service/sagashop.payments.commands.DLT/1/7"
				+ "/redrive Bearer " + OPS_TOKEN + " null");
		this.mvc.perform(post(page + "/resend").with(ops()).with(csrf())).andExpect(status().isNotFound());
	}

	@Test
	void answersAnOrderTheApiDoesNotShowWithTheNotFoundPage() throws Exception {
		this.mvc.perform(get("/orders/" + UUID.randomUUID()).with(alice())).andExpect(status().isNotFound());
	}

	@Test
	void saysSoWhenTheApiCannotBeReached() throws Exception {
		api.stop(0);
		try {
			this.mvc.perform(get("/").with(alice()))
				.andExpect(status().isServiceUnavailable())
				.andExpect(content().string(containsString("cannot answer right now")));
		}
		finally {
			api = HttpServer.create(new InetSocketAddress("127.0.0.1", api.getAddress().getPort()), 0);
			api.createContext("/api/orders", ConsolePagesTest::answer);
			api.createContext("/api/products", ConsolePagesTest::answer);
			api.createContext("/api/sagas", ConsolePagesTest::answer);
			api.createContext("/api/dead-letters", ConsolePagesTest::answer);
			api.createContext("/api/payments", ConsolePagesTest::answer);
			api.createContext("/api/shipments", ConsolePagesTest::answer);
			api.createContext("/api/reservations", ConsolePagesTest::answer);
			api.start();
		}
	}

	@Test
	void signsOutOnlyWithTheFormsCsrfToken() throws Exception {
		this.mvc.perform(post("/logout").with(alice())).andExpect(status().isForbidden());
		this.mvc.perform(post("/logout").with(alice()).with(csrf()))
			.andExpect(status().isFound())
			.andExpect(redirectedUrl("/signed-out"));
	}

	/**
	 * An access token as auth-server's look (a JWT with its scopes), unsigned: the API
	 * stands in.
	 */
	static String accessToken(String subject, String... scopes) {
		return new PlainJWT(new JWTClaimsSet.Builder().subject(subject)
			.claim("scope", List.of(scopes))
			.jwtID(UUID.randomUUID().toString())
			.build()).serialize();
	}

	/** alice, signed in, with {@link #TOKEN} as her access token in the session. */
	private RequestPostProcessor alice() {
		return signedIn("alice", TOKEN);
	}

	/** ops, an admin, signed in with {@link #OPS_TOKEN}. */
	private RequestPostProcessor ops() {
		return signedIn("ops", OPS_TOKEN);
	}

	/**
	 * Someone signed in with an access token, kept where the console keeps it (the header
	 * reads the admin scope from there) and handed to the controllers.
	 */
	private RequestPostProcessor signedIn(String who, String token) {
		ClientRegistration registration = this.registrations.findByRegistrationId("sagashop");
		OAuth2AccessToken accessToken = new OAuth2AccessToken(OAuth2AccessToken.TokenType.BEARER, token, Instant.now(),
				Instant.now().plusSeconds(600));
		this.authorizedClients.saveAuthorizedClient(new OAuth2AuthorizedClient(registration, who, accessToken),
				new TestingAuthenticationToken(who, null));
		RequestPostProcessor login = oauth2Login().clientRegistration(registration)
			.attributes((attributes) -> attributes.put("sub", who));
		RequestPostProcessor client = oauth2Client("sagashop").clientRegistration(registration)
			.principalName(who)
			.accessToken(accessToken);
		return (request) -> client.postProcessRequest(login.postProcessRequest(request));
	}

	private static void answer(HttpExchange exchange) throws IOException {
		String target = exchange.getRequestURI().toString();
		String method = exchange.getRequestMethod();
		SEEN.add(method + " " + target + " " + exchange.getRequestHeaders().getFirst("Authorization")
				+ (method.equals("POST") ? " " + exchange.getRequestHeaders().getFirst("Idempotency-Key") : ""));
		if (target.startsWith("/api/payments?orderId=" + ORDER)) {
			respond(exchange, 200, """
					[{"id":"p1","orderId":"%s","type":"CHARGE","status":"SUCCEEDED","amount":2500,"currency":"EUR",
					 "createdAt":"2026-12-02T10:00:00.100Z"}]""".formatted(ORDER));
			return;
		}
		if (target.startsWith("/api/reservations?orderId=" + ORDER)) {
			respond(exchange, 200, """
					[{"orderId":"%s","status":"RESERVED","lines":[{"sku":"MUG-1","quantity":2}],
					 "createdAt":"2026-12-02T10:00:00.200Z","updatedAt":"2026-12-02T10:00:00.200Z"}]"""
				.formatted(ORDER));
			return;
		}
		if (target.startsWith("/api/payments") || target.startsWith("/api/shipments")) {
			respond(exchange, 200, "[]");
			return;
		}
		if (target.startsWith("/api/dead-letters/")) {
			String letter = """
					{"dltTopic":"sagashop.payments.commands.DLT","dltPartition":1,"dltOffset":7,
					 "topic":"sagashop.payments.commands","orderId":"%s","type":"ChargePayment",
					 "payload":"{\\"type\\":\\"ChargePayment\\"}","error":"Simulated failure",
					 "deadLetteredAt":"2026-12-03T06:00:00Z","decision":%s,"decidedBy":%s,"decidedAt":null}""";
			if (method.equals("POST")) {
				respond(exchange, 200, letter.formatted(ORDER, "\"REDRIVEN\"", "\"ops\""));
			}
			else {
				respond(exchange, 200, target.startsWith("/api/dead-letters/payments-service")
						? "[" + letter.formatted(ORDER, "null", "null") + "]" : "[]");
			}
			return;
		}
		if (target.startsWith("/api/sagas")) {
			boolean admin = String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")).contains(OPS_TOKEN);
			respond(exchange, admin ? 200 : 403, admin ? """
					{"content":[{"orderId":"%s","customerId":"alice","status":"PENDING","failureReason":null,
					 "total":2500,"currency":"EUR","placedAt":"2026-12-03T06:00:00Z","updatedAt":"2026-12-03T06:00:00Z",
					 "phase":"CHARGING_PAYMENT","deadline":"2026-12-03T06:00:10Z","overdue":true,"ageMillis":95000}],
					 "page":{"size":25,"number":0,"totalElements":1,"totalPages":1},
					 "counts":{"PENDING":2,"CONFIRMED":7,"REJECTED":0,"CANCELLING":0,"CANCELLED":0}}"""
				.formatted(PENDING) : "{\"status\":403}");
			return;
		}
		if (method.equals("POST")) {
			String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
			BODIES.add(body);
			if (body.contains("UNKNOWN-1")) {
				respond(exchange, 422,
						"{\"status\":422,\"title\":\"Unknown product\"," + "\"detail\":\"No product UNKNOWN-1\"}");
				return;
			}
			respond(exchange, 202, order(PENDING, "PENDING"));
			return;
		}
		String journal = """
				{"orderId":"%s","traceId":"4bf92f3577b34da6a3ce929d0e0e4736","entries":[
				{"at":"2026-12-02T10:00:00.000Z","kind":"SENT","type":"ChargePayment","messageId":"%s",
				 "topic":"sagashop.payments.commands","phase":"CHARGING_PAYMENT","deadline":null},
				{"at":"2026-12-02T10:00:00.120Z","kind":"RECEIVED","type":"PaymentCharged","messageId":"%s",
				 "topic":"sagashop.saga.replies","phase":"RESERVING_STOCK","deadline":null}]}""";
		Map<String, String> answers = Map.of("/api/orders?size=50", "{\"content\":[" + order(ORDER, "CONFIRMED") + "]}",
				"/api/products?size=100",
				"{\"content\":[{\"sku\":\"MUG-1\",\"name\":\"Mug\",\"price\":1250,\"currency\":\"EUR\","
						+ "\"available\":7}]}",
				"/api/orders/" + ORDER, order(ORDER, "CONFIRMED"), "/api/orders/" + PENDING, order(PENDING, "PENDING"),
				"/api/orders/" + ORDER + "/journal", journal.formatted(ORDER, UUID.randomUUID(), UUID.randomUUID()),
				"/api/orders/" + PENDING + "/journal", journal.formatted(PENDING, UUID.randomUUID(), UUID.randomUUID()),
				"/api/products/LAMP-9",
				"{\"sku\":\"LAMP-9\",\"name\":\"Lamp\",\"price\":4000,\"currency\":\"EUR\",\"available\":2}");
		String body = answers.get(target);
		respond(exchange, (body != null) ? 200 : 404, (body != null) ? body : "{\"status\":404}");
	}

	private static String order(UUID id, String status) {
		return """
				{"id":"%s","customerId":"alice","status":"%s","failureReason":null,"total":2500,
				"currency":"EUR","createdAt":"2026-12-02T10:00:00Z"}""".formatted(id, status);
	}

	private static void respond(HttpExchange exchange, int status, String body) throws IOException {
		byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
		exchange.getResponseHeaders().add("Content-Type", "application/json");
		exchange.sendResponseHeaders(status, bytes.length);
		try (OutputStream out = exchange.getResponseBody()) {
			out.write(bytes);
		}
	}

}
