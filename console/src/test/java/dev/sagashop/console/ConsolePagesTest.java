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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
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
import static org.hamcrest.Matchers.not;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.oauth2Client;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.oauth2Login;
import static org.springframework.security.test.web.servlet.setup.SecurityMockMvcConfigurers.springSecurity;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
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

	static final String TOKEN = "alice-access-token-" + UUID.randomUUID();

	static final UUID PENDING = UUID.fromString("5c0ffee0-0000-4000-8000-000000000001");

	static final List<String> SEEN = new CopyOnWriteArrayList<>();

	static final List<String> BODIES = new CopyOnWriteArrayList<>();

	static HttpServer api;

	@Autowired
	WebApplicationContext context;

	@Autowired
	ClientRegistrationRepository registrations;

	MockMvc mvc;

	@DynamicPropertySource
	static void standInApi(DynamicPropertyRegistry registry) throws IOException {
		api = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		api.createContext("/api/orders", ConsolePagesTest::answer);
		api.createContext("/api/products", ConsolePagesTest::answer);
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
					containsString("→ RESERVING_STOCK"),
					containsString("<title>Order " + ORDER + " · sagashop console"), not(containsString(TOKEN)))));
		assertThat(SEEN).containsExactly("GET /api/orders/" + ORDER + " Bearer " + TOKEN,
				"GET /api/orders/" + ORDER + "/journal Bearer " + TOKEN);
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

	/** alice, signed in, with {@link #TOKEN} as her access token in the session. */
	private RequestPostProcessor alice() {
		ClientRegistration registration = this.registrations.findByRegistrationId("sagashop");
		RequestPostProcessor login = oauth2Login().clientRegistration(registration)
			.attributes((attributes) -> attributes.put("sub", "alice"));
		RequestPostProcessor client = oauth2Client("sagashop").clientRegistration(registration)
			.principalName("alice")
			.accessToken(new OAuth2AccessToken(OAuth2AccessToken.TokenType.BEARER, TOKEN, Instant.now(),
					Instant.now().plusSeconds(600)));
		return (request) -> client.postProcessRequest(login.postProcessRequest(request));
	}

	private static void answer(HttpExchange exchange) throws IOException {
		String target = exchange.getRequestURI().toString();
		String method = exchange.getRequestMethod();
		SEEN.add(method + " " + target + " " + exchange.getRequestHeaders().getFirst("Authorization")
				+ (method.equals("POST") ? " " + exchange.getRequestHeaders().getFirst("Idempotency-Key") : ""));
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
				{"orderId":"%s","entries":[
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
				"/api/orders/" + PENDING + "/journal",
				journal.formatted(PENDING, UUID.randomUUID(), UUID.randomUUID()));
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
