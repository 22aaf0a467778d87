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
		this.products.saveAndFlush(new Product("IT-MUG-1", "Mug", 1250, "EUR", 10));
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

	private static HttpResponse<String> post(int port, String body, String token) throws Exception {
		return HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/products"))
				.header("Authorization", "Bearer " + token)
				.header("Content-Type", "application/json")
				.POST(HttpRequest.BodyPublishers.ofString(body))
				.build(), HttpResponse.BodyHandlers.ofString());
	}

}
