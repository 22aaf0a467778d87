package dev.sagashop.systemtests;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Malformed requests to every write endpoint, through the gateway: each one answers 4xx
 * as problem+json (never 5xx), and no row of any database changes.
 */
@ExtendWith(SharedStack.class)
class BadInputIT {

	static final Sagashop sagashop = new Sagashop();

	static final Shop shop = new Shop(sagashop);

	static final String LONG = "x".repeat(201);

	static String sku;

	@BeforeAll
	static void aProduct() throws Exception {
		sku = shop.newProduct(1000, 10);
	}

	@Test
	void placingAnOrderRefusesEveryMalformedRequest() throws Exception {
		String line = "{\"sku\":\"" + sku + "\",\"quantity\":1}";
		String address = "{\"name\":\"Ada\",\"line1\":\"1 Main St\",\"city\":\"Berlin\",\"postalCode\":\"10115\",\"country\":\"DE\"}";
		List<String> bodies = new ArrayList<>(broken());
		for (String items : List.of("[]", "null", "\"x\"", "1", "{}", "[null]", "[1]", "[\"x\"]",
				"[" + String.join(",", Collections.nCopies(51, line)) + "]")) {
			bodies.add(order(items, "{\"cardToken\":\"tok_visa\"}", address));
		}
		for (String quantity : List.of("0", "-1", "1001", "1.5", "\"2\"", "true", "null", "1e9", "99999999999999999999",
				"[]", "{}")) {
			bodies.add(order("[{\"sku\":\"" + sku + "\",\"quantity\":" + quantity + "}]",
					"{\"cardToken\":\"tok_visa\"}", address));
		}
		for (String badSku : List.of("\"\"", "\"has space\"", "\"" + "x".repeat(65) + "\"", "\"ü\"", "null", "1",
				"\"UNKNOWN-SKU-42\"")) {
			bodies.add(order("[{\"sku\":" + badSku + ",\"quantity\":1}]", "{\"cardToken\":\"tok_visa\"}", address));
		}
		for (String payment : List.of("null", "\"tok_visa\"", "{}", "{\"cardToken\":\"\"}",
				"{\"cardToken\":\"" + LONG + "\"}", "{\"cardToken\":5}")) {
			bodies.add(order("[" + line + "]", payment, address));
		}
		for (String field : List.of("name", "line1", "city", "postalCode", "country")) {
			bodies.add(order("[" + line + "]", "{\"cardToken\":\"tok_visa\"}",
					address.replaceFirst("\"" + field + "\":\"[^\"]*\",?", "").replace(",}", "}")));
			bodies.add(order("[" + line + "]", "{\"cardToken\":\"tok_visa\"}",
					address.replaceFirst("(\"" + field + "\":)\"[^\"]*\"", "$1\"" + LONG + "\"")));
		}
		for (String country : List.of("\"DEU\"", "\"de\"", "\"D\"", "\"\"", "1")) {
			bodies.add(order("[" + line + "]", "{\"cardToken\":\"tok_visa\"}", address.replace("\"DE\"", country)));
		}
		bodies.add(order("[" + line + "]", "{\"cardToken\":\"tok_visa\"}", "null"));
		bodies.add(order("[" + line + "]", "{\"cardToken\":\"tok_visa\"}", "\"Berlin\""));
		assertRefusedWithoutChange("POST", "/api/orders", bodies);
	}

	@Test
	void creatingAProductRefusesEveryMalformedRequest() throws Exception {
		List<String> bodies = new ArrayList<>(broken());
		for (String price : List.of("0", "-1", "1.5", "\"100\"", "null", "true", "99999999999999999999", "[]")) {
			bodies.add(product(fresh(), "\"Mug\"", price, "\"EUR\"", "1"));
		}
		for (String available : List.of("-1", "1.5", "\"1\"", "null", "1000000001", "99999999999", "{}")) {
			bodies.add(product(fresh(), "\"Mug\"", "100", "\"EUR\"", available));
		}
		for (String currency : List.of("\"EURO\"", "\"eur\"", "\"\"", "1", "null", "\"E1R\"")) {
			bodies.add(product(fresh(), "\"Mug\"", "100", currency, "1"));
		}
		for (String name : List.of("\"\"", "\"   \"", "\"" + LONG + "\"", "null", "1", "[]")) {
			bodies.add(product(fresh(), name, "100", "\"EUR\"", "1"));
		}
		for (String badSku : List.of("\"\"", "\"has space\"", "\"" + "x".repeat(65) + "\"", "\"ü\"", "null", "1",
				"\"" + sku + "\"")) {
			bodies.add(product(badSku, "\"Mug\"", "100", "\"EUR\"", "1"));
		}
		bodies.add("{\"sku\":" + fresh() + ",\"name\":\"Mug\",\"price\":100,\"currency\":\"EUR\"}");
		bodies.add("{\"sku\":" + fresh() + ",\"name\":\"Mug\",\"price\":100,\"available\":1}");
		assertRefusedWithoutChange("POST", "/api/products", bodies);
	}

	@Test
	void settingStockRefusesEveryMalformedRequest() throws Exception {
		List<String> bodies = new ArrayList<>(broken());
		for (String available : List.of("-1", "1.5", "\"5\"", "null", "true", "false", "1000000001",
				"99999999999999999999", "[]", "{}", "[5]", "[1,2]", "{\"n\":5}", "-0.5", "1e3", "0.1", "5.5", "-1e3",
				"2147483648", "-2147483649", "\"five\"", "\"\"", "\" 5\"", "\"0x10\"", "NaN", "Infinity", "+5", "05",
				"-", "0x10", "five", "")) {
			bodies.add("{\"available\":" + available + "}");
		}
		bodies.add("{}");
		bodies.add("{\"stock\":5}");
		bodies.add("[{\"available\":5}]");
		bodies.add("{available:5}");
		bodies.add("{\"available\":5");
		assertRefusedWithoutChange("PUT", "/api/products/" + sku + "/stock", bodies);
		assertRefusedWithoutChange("PUT", "/api/products/NO-SUCH-SKU/stock", List.of("{\"available\":5}"));
		assertRefusedWithoutChange("PUT", "/api/products/" + "x".repeat(65) + "/stock", List.of("{\"available\":5}"));
	}

	@Test
	void readsRefuseGarbageIds() throws Exception {
		for (String path : List.of("/api/orders/not-a-uuid", "/api/orders/123", "/api/payments?orderId=nope",
				"/api/shipments?orderId=1", "/api/payments", "/api/shipments", "/api/products/" + "x".repeat(65),
				"/api/orders?page=-1", "/api/orders?size=abc", "/api/orders?size=0", "/api/orders?size=101",
				"/api/products?page=1.5", "/api/products?size=", "/api/orders/%00", "/api/orders/%5C",
				"/api/orders/%2F", "/api/orders/a%3Bb", "/api/products?sort=x;drop", "/api/products?sort='")) {
			HttpResponse<String> response = sagashop.getThroughGateway(path);
			assertThat(response.statusCode()).as(path + ": " + response.body()).isBetween(400, 499);
			assertProblem(response, path);
		}
	}

	/** A sku no product has, quoted: only the other fields are wrong. */
	private static String fresh() {
		return "\"NEW-" + UUID.randomUUID().toString().substring(0, 13) + "\"";
	}

	/** Bodies that are no JSON object at all, or not JSON. */
	private static List<String> broken() {
		return List.of("", "{", "}", "[]", "null", "42", "\"text\"", "not json", "{\"items\":", "{\"a\":1,}",
				"{'single':'quotes'}", "{\"unterminated\":\"x}");
	}

	private static String order(String items, String payment, String address) {
		return "{\"items\":" + items + ",\"payment\":" + payment + ",\"shippingAddress\":" + address + "}";
	}

	private static String product(String sku, String name, String price, String currency, String available) {
		return "{\"sku\":" + sku + ",\"name\":" + name + ",\"price\":" + price + ",\"currency\":" + currency
				+ ",\"available\":" + available + "}";
	}

	private void assertRefusedWithoutChange(String method, String path, List<String> bodies) throws Exception {
		Map<String, Long> before = Rows.quiet(sagashop);
		String token = sagashop.token("ops");
		int count = 0;
		for (String body : bodies) {
			HttpResponse<String> response = sagashop.send(8080, method, path, body, token);
			assertThat(response.statusCode()).as("%s %s %s -> %s", method, path, body, response.body())
				.isBetween(400, 499);
			assertProblem(response, body);
			count++;
		}
		for (String type : List.of("text/plain", "application/xml")) {
			HttpResponse<String> response = sagashop.send(8080, method, path, null, token, "Content-Type", type);
			assertThat(response.statusCode()).as(type).isIn(400, 404, 415);
			count++;
		}
		assertThat(count).as("malformed requests sent to %s %s", method, path)
			.isGreaterThanOrEqualTo(bodies.size() > 1 ? 50 : 1);
		assertThat(Rows.quiet(sagashop)).as("rows of every table after the bad requests").isEqualTo(before);
	}

	private static void assertProblem(HttpResponse<String> response, String what) {
		assertThat(response.headers().firstValue("Content-Type")).as(what)
			.hasValueSatisfying((type) -> assertThat(type).startsWith("application/problem+json"));
		assertThat(response.body()).as(what).contains("\"status\":" + response.statusCode()).contains("\"title\"");
	}

}
