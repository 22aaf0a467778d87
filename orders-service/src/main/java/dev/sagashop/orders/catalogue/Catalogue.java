package dev.sagashop.orders.catalogue;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Optional;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;

/**
 * Catalogue prices, read from inventory-service at checkout so that an order is priced by
 * the catalogue as it is now (a product that got its 201 can be ordered at once).
 */
@Component
public class Catalogue {

	private final RestClient http;

	Catalogue(@Value("${sagashop.inventory.url:http://localhost:8083}") String inventoryUrl) {
		JdkClientHttpRequestFactory requests = new JdkClientHttpRequestFactory(
				HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build());
		requests.setReadTimeout(Duration.ofSeconds(3));
		this.http = RestClient.builder().baseUrl(inventoryUrl).requestFactory(requests).build();
	}

	/**
	 * The current price of a product.
	 * @param sku the product
	 * @return its price, empty when the catalogue has no such product
	 * @throws CatalogueUnavailableException when inventory-service does not answer in
	 * time
	 */
	public Optional<Price> price(String sku) {
		try {
			return this.http.get().uri("/api/products/{sku}", sku).exchange((request, response) -> {
				if (response.getStatusCode().value() == 404) {
					return Optional.empty();
				}
				if (!response.getStatusCode().is2xxSuccessful()) {
					throw new CatalogueUnavailableException("inventory-service answered " + response.getStatusCode(),
							null);
				}
				return Optional.ofNullable(response.bodyTo(Price.class));
			});
		}
		catch (RestClientException ex) {
			throw new CatalogueUnavailableException("inventory-service is unavailable: " + ex.getMessage(), ex);
		}
	}

	/**
	 * A product's price.
	 *
	 * @param sku the product
	 * @param price minor units
	 * @param currency ISO 4217 code
	 */
	public record Price(String sku, long price, String currency) {
	}

	/**
	 * The catalogue could not be read; the order cannot be priced now.
	 */
	public static class CatalogueUnavailableException extends RuntimeException {

		CatalogueUnavailableException(String message, Throwable cause) {
			super(message, cause);
		}

	}

}
