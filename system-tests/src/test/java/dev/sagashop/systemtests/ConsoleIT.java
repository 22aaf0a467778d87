package dev.sagashop.systemtests;

import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The saga console as ./sagashop up runs it, reached through the gateway at
 * {@code /console/} as a browser would (cookies, redirects, auth-server's sign-in form,
 * CSRF tokens; no JavaScript): a customer signs in, places an order and watches its saga
 * end; another customer cannot open it; signing out ends the session.
 */
@ExtendWith(SharedStack.class)
class ConsoleIT {

	static final Sagashop sagashop = new Sagashop();

	static final Shop shop = new Shop(sagashop);

	@Test
	void aCustomerSignsInThroughTheGatewayPlacesAnOrderAndWatchesItsSagaEnd() throws Exception {
		Browser alice = Browser.signedIn("alice", "alice-password");
		HttpResponse<String> orders = alice.get("/console/");
		assertThat(orders.statusCode()).isEqualTo(200);
		assertThat(orders.uri().getPort()).as("served through the gateway").isEqualTo(sagashop.port(8080));
		assertThat(orders.body()).contains(">alice<");

		String sku = shop.newProduct(1500, 5);
		HttpResponse<String> form = alice.get("/console/place?sku=" + sku);
		assertThat(form.statusCode()).isEqualTo(200);
		assertThat(form.body()).contains(sku);
		Map<String, String> fields = new LinkedHashMap<>();
		fields.put("_csrf", Browser.hidden(form.body(), "_csrf"));
		fields.put("key", Browser.hidden(form.body(), "key"));
		fields.putAll(Map.of("sku", sku, "quantity", "2", "cardToken", "tok_visa", "name", "Ada", "line1", "1 Main St",
				"city", "Berlin", "postalCode", "10115", "country", "DE"));
		HttpResponse<String> placed = alice.post("/console/place", fields);
		assertThat(placed.statusCode()).as(placed.body()).isEqualTo(200);
		assertThat(placed.uri().getPath()).startsWith("/console/orders/");
		String page = placed.uri().getPath();
		await().atMost(Duration.ofSeconds(60))
			.untilAsserted(() -> assertThat(alice.get(page).body()).contains("status CONFIRMED"));
		assertThat(shop.available(sku)).isEqualTo(3);

		Browser bob = Browser.signedIn("bob", "bob-password");
		assertThat(bob.get(page).statusCode()).as("another customer's order").isEqualTo(404);

		HttpResponse<String> signedOut = alice.post("/console/logout",
				Map.of("_csrf", Browser.hidden(alice.get("/console/").body(), "_csrf")));
		assertThat(signedOut.uri().getPath()).isEqualTo("/console/signed-out");
		HttpResponse<String> after = alice.unfollowed(page);
		assertThat(after.statusCode()).isEqualTo(302);
		assertThat(after.headers().firstValue("Location")).as("signed out: sent to sign in again")
			.hasValueSatisfying((location) -> assertThat(location).endsWith("/console/oauth2/authorization/sagashop"));
	}

	/**
	 * A browser: keeps cookies, follows redirects (a POST's 302 as a GET); its other
	 * client, with the same cookies, shows a redirect instead.
	 */
	record Browser(HttpClient http, HttpClient unfollowing) {

		static Browser signedIn(String user, String password) throws Exception {
			CookieManager cookies = new CookieManager(null, CookiePolicy.ACCEPT_ALL);
			Browser browser = new Browser(
					HttpClient.newBuilder().cookieHandler(cookies).followRedirects(HttpClient.Redirect.NORMAL).build(),
					HttpClient.newBuilder().cookieHandler(cookies).build());
			// The console sends the browser to auth-server, which asks who it is.
			HttpResponse<String> login = browser.get("/console/");
			assertThat(login.uri().getPort()).as(login.uri().toString()).isEqualTo(sagashop.port(9000));
			assertThat(login.uri().getPath()).isEqualTo("/login");
			HttpResponse<String> back = browser.send(HttpRequest.newBuilder(login.uri()),
					Map.of("username", user, "password", password, "_csrf", hidden(login.body(), "_csrf")));
			assertThat(back.statusCode()).as(back.uri() + ": " + back.body()).isEqualTo(200);
			assertThat(back.uri().getPort()).as(back.uri().toString()).isEqualTo(sagashop.port(8080));
			assertThat(back.uri().getPath()).isEqualTo("/console/");
			return browser;
		}

		HttpResponse<String> get(String path) throws Exception {
			return this.http.send(HttpRequest.newBuilder(gateway(path)).build(), HttpResponse.BodyHandlers.ofString());
		}

		HttpResponse<String> unfollowed(String path) throws Exception {
			return this.unfollowing.send(HttpRequest.newBuilder(gateway(path)).build(),
					HttpResponse.BodyHandlers.ofString());
		}

		HttpResponse<String> post(String path, Map<String, String> fields) throws Exception {
			return send(HttpRequest.newBuilder(gateway(path)), fields);
		}

		private HttpResponse<String> send(HttpRequest.Builder request, Map<String, String> fields) throws Exception {
			String form = fields.entrySet()
				.stream()
				.map((field) -> URLEncoder.encode(field.getKey(), StandardCharsets.UTF_8) + "="
						+ URLEncoder.encode(field.getValue(), StandardCharsets.UTF_8))
				.collect(Collectors.joining("&"));
			return this.http.send(request.header("Content-Type", "application/x-www-form-urlencoded")
				.POST(HttpRequest.BodyPublishers.ofString(form))
				.build(), HttpResponse.BodyHandlers.ofString());
		}

		private static URI gateway(String path) {
			return URI.create("http://localhost:" + sagashop.port(8080) + path);
		}

		/** The value of a form's hidden field. */
		static String hidden(String page, String name) {
			Matcher matcher = Pattern
				.compile("<input[^>]*name=\"" + Pattern.quote(name)
						+ "\"[^>]*value=\"([^\"]*)\"|<input[^>]*value=\"([^\"]*)\"[^>]*name=\"" + Pattern.quote(name)
						+ "\"")
				.matcher(page);
			assertThat(matcher.find()).as(name + " in " + page).isTrue();
			return (matcher.group(1) != null) ? matcher.group(1) : matcher.group(2);
		}

	}

}
