package dev.sagashop.inventory;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import dev.sagashop.inventory.catalog.Product;
import dev.sagashop.inventory.catalog.Products;
import dev.sagashop.testsupport.RealInfrastructure;
import dev.sagashop.testsupport.ServiceInfrastructureContract;
import dev.sagashop.testsupport.TestTokens;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@RealInfrastructure
class InventoryServiceIT implements ServiceInfrastructureContract {

	@Override
	public String apiPath() {
		return "/api/products";
	}

	@Autowired
	Products products;

	@Test
	void storesAndReadsBackAProduct() {
		this.products.save(new Product("IT-MUG-1", "Mug", 1250, "EUR", 10));
		assertThat(this.products.findById("IT-MUG-1")).hasValueSatisfying((product) -> {
			assertThat(product.getName()).isEqualTo("Mug");
			assertThat(product.getPrice()).isEqualTo(1250);
			assertThat(product.getAvailable()).isEqualTo(10);
		});
	}

	@Test
	void needsTheAdminScopeToWriteTheCatalogue(@LocalServerPort int port) throws Exception {
		String body = "{\"sku\":\"IT-ADMIN-1\",\"name\":\"Mug\",\"price\":100,\"currency\":\"EUR\",\"available\":1}";
		HttpResponse<String> customer = post(port, body, TestTokens.get().valid("it-alice", "orders"));
		assertThat(customer.statusCode()).isEqualTo(403);
		assertThat(customer.headers().firstValue("Content-Type"))
			.hasValueSatisfying((type) -> assertThat(type).startsWith("application/problem+json"));
		assertThat(this.products.findById("IT-ADMIN-1")).isEmpty();
		assertThat(post(port, body, TestTokens.get().valid("it-ops", "orders", "admin")).statusCode()).isEqualTo(201);
	}

	@Test
	void listsSortsRestocksAndRefusesWhatItCannotDo(@LocalServerPort int port) throws Exception {
		String admin = TestTokens.get().valid("it-ops", "orders", "admin");
		this.products.save(new Product("IT-SORT-A", "Zebra", 300, "EUR", 1));
		this.products.save(new Product("IT-SORT-B", "Aardvark", 200, "EUR", 2));
		String body = "{\"sku\":\"IT-SORT-A\",\"name\":\"Again\",\"price\":100,\"currency\":\"EUR\",\"available\":1}";
		assertThat(post(port, body, admin).statusCode()).isEqualTo(409);

		HttpResponse<String> byPrice = get(port, "/api/products?sort=price,desc&size=100", admin);
		assertThat(byPrice.statusCode()).isEqualTo(200);
		assertThat(byPrice.body().indexOf("IT-SORT-A")).isLessThan(byPrice.body().indexOf("IT-SORT-B"));
		HttpResponse<String> byName = get(port, "/api/products?sort=name&size=100", admin);
		assertThat(byName.body().indexOf("IT-SORT-B")).isLessThan(byName.body().indexOf("IT-SORT-A"));
		HttpResponse<String> bySecret = get(port, "/api/products?sort=version", admin);
		assertThat(bySecret.statusCode()).isEqualTo(400);
		assertThat(bySecret.headers().firstValue("Content-Type"))
			.hasValueSatisfying((type) -> assertThat(type).startsWith("application/problem+json"));

		HttpResponse<String> restocked = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/products/IT-SORT-B/stock"))
				.header("Authorization", "Bearer " + admin)
				.header("Content-Type", "application/json")
				.PUT(HttpRequest.BodyPublishers.ofString("{\"available\":42}"))
				.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(restocked.statusCode()).isEqualTo(200);
		assertThat(this.products.findById("IT-SORT-B").orElseThrow().getAvailable()).isEqualTo(42);
	}

	private static HttpResponse<String> get(int port, String path, String token) throws Exception {
		return HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
				.header("Authorization", "Bearer " + token)
				.build(), HttpResponse.BodyHandlers.ofString());
	}

	private static HttpResponse<String> post(int port, String body, String token) throws Exception {
		return HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/products"))
				.header("Authorization", "Bearer " + token)
				.header("Content-Type", "application/json")
				.POST(HttpRequest.BodyPublishers.ofString(body))
				.build(), HttpResponse.BodyHandlers.ofString());
	}

}
