package dev.sagashop.gateway;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class GatewayRoutingTest {

	static final Map<String, HttpServer> backends = new ConcurrentHashMap<>();

	@LocalServerPort
	int port;

	@DynamicPropertySource
	static void backends(DynamicPropertyRegistry registry) throws IOException {
		for (String service : new String[] { "orders", "payments", "inventory", "shipping" }) {
			HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
			server.createContext("/", (exchange) -> {
				byte[] body = (service + " " + exchange.getRequestURI()).getBytes(StandardCharsets.UTF_8);
				exchange.sendResponseHeaders(200, body.length);
				exchange.getResponseBody().write(body);
				exchange.close();
			});
			server.start();
			backends.put(service, server);
			registry.add(service.toUpperCase() + "_URL", () -> "http://127.0.0.1:" + server.getAddress().getPort());
		}
	}

	@AfterAll
	static void stopBackends() {
		backends.values().forEach((server) -> server.stop(0));
	}

	@ParameterizedTest
	@CsvSource({ "/api/orders, orders", "/api/orders/42?x=1, orders", "/api/payments?orderId=7, payments",
			"/api/products/SKU-1, inventory", "/api/products?page=0, inventory", "/api/shipments?orderId=7, shipping" })
	void routesEachApiPathToItsServiceWithoutRewriting(String path, String service) throws Exception {
		HttpResponse<String> response = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path)).build(),
					HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).isEqualTo(service + " " + path);
	}

	@ParameterizedTest
	@CsvSource({ "/api/unknown", "/orders", "/api/productsX" })
	void answersNotFoundForPathsOfNoService(String path) throws Exception {
		HttpResponse<String> response = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path)).build(),
					HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).isEqualTo(404);
		assertThat(response.headers().firstValue("Content-Type"))
			.hasValueSatisfying((type) -> assertThat(type).startsWith("application/problem+json"));
	}

}
