package dev.sagashop.console;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
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

	static final List<String> SEEN = new CopyOnWriteArrayList<>();

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
					containsString("→ RESERVING_STOCK"), not(containsString(TOKEN)))));
		assertThat(SEEN).containsExactly("GET /api/orders/" + ORDER + " Bearer " + TOKEN,
				"GET /api/orders/" + ORDER + "/journal Bearer " + TOKEN);
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
		SEEN.add(exchange.getRequestMethod() + " " + target + " "
				+ exchange.getRequestHeaders().getFirst("Authorization"));
		String order = """
				{"id":"%s","customerId":"alice","status":"CONFIRMED","failureReason":null,"total":2500,
				"currency":"EUR","createdAt":"2026-12-02T10:00:00Z"}""".formatted(ORDER);
		String body = switch (target) {
			case "/api/orders?size=50" -> "{\"content\":[" + order + "]}";
			default -> {
				if (target.equals("/api/orders/" + ORDER)) {
					yield order;
				}
				if (target.equals("/api/orders/" + ORDER + "/journal")) {
					yield """
							{"orderId":"%s","entries":[
							{"at":"2026-12-02T10:00:00.000Z","kind":"SENT","type":"ChargePayment","messageId":"%s",
							 "topic":"sagashop.payments.commands","phase":"CHARGING_PAYMENT","deadline":null},
							{"at":"2026-12-02T10:00:00.120Z","kind":"RECEIVED","type":"PaymentCharged","messageId":"%s",
							 "topic":"sagashop.saga.replies","phase":"RESERVING_STOCK","deadline":null}]}"""
						.formatted(ORDER, UUID.randomUUID(), UUID.randomUUID());
				}
				yield null;
			}
		};
		byte[] bytes = (body != null) ? body.getBytes(StandardCharsets.UTF_8)
				: "{\"status\":404}".getBytes(StandardCharsets.UTF_8);
		exchange.getResponseHeaders().add("Content-Type", "application/json");
		exchange.sendResponseHeaders((body != null) ? 200 : 404, bytes.length);
		try (OutputStream out = exchange.getResponseBody()) {
			out.write(bytes);
		}
	}

}
