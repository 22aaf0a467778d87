package dev.sagashop.orders.catalogue;

import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpHeaders;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;

/**
 * Catalogue prices, read from inventory-service at checkout. A price read in the last
 * {@code sagashop.catalogue.fresh-for} (30 s by default) is used without asking again: a
 * product's price never changes once it is created (the contract has no way to change
 * it), so this saves an HTTP call and a query per checkout without ever pricing wrongly,
 * and the bound keeps staleness short should prices become editable. Only prices found
 * are remembered: a product that got its 201 can be ordered at once. While
 * inventory-service is unavailable, a price read in the last {@link #STALE_IF_ERROR} is
 * used instead, so checkout goes on through a short outage; stock is still reserved by
 * the saga, so nothing is oversold.
 */
@Component
public class Catalogue {

	static final Duration STALE_IF_ERROR = Duration.ofMinutes(10);

	private static final Log logger = LogFactory.getLog(Catalogue.class);

	private final RestClient http;

	private final Map<String, Known> lastKnown = new ConcurrentHashMap<>();

	private final Duration freshFor;

	private final Clock clock;

	/**
	 * Opens after half of the last 10 calls failed (timeouts included), so that checkout
	 * stops waiting on a failing inventory-service; probes again after 5 s.
	 */
	private final CircuitBreaker breaker = CircuitBreaker.of("inventory",
			CircuitBreakerConfig.custom()
				.slidingWindowSize(10)
				.minimumNumberOfCalls(5)
				.failureRateThreshold(50)
				.waitDurationInOpenState(Duration.ofSeconds(5))
				.recordExceptions(RestClientException.class, CatalogueUnavailableException.class)
				.build());

	/**
	 * @param inventoryUrl inventory-service's base URL
	 * @param builder Boot's builder: its calls are observed (a client span in the trace
	 * of the checkout, and {@code http.client.requests} metrics)
	 * @param freshFor how long a price read is used without asking again
	 * @param clock tells how old a price read is
	 */
	@Autowired
	Catalogue(@Value("${sagashop.inventory.url:http://localhost:8083}") String inventoryUrl, RestClient.Builder builder,
			@Value("${sagashop.catalogue.fresh-for:30s}") Duration freshFor, Clock clock) {
		this.freshFor = freshFor;
		this.clock = clock;
		JdkClientHttpRequestFactory requests = new JdkClientHttpRequestFactory(
				HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build());
		requests.setReadTimeout(Duration.ofSeconds(3));
		this.http = builder.clone().baseUrl(inventoryUrl).requestFactory(requests).build();
	}

	Catalogue(String inventoryUrl, Duration freshFor, Clock clock) {
		this(inventoryUrl, RestClient.builder(), freshFor, clock);
	}

	/**
	 * The current price of a product.
	 * @param sku the product
	 * @param bearerToken the caller's token, relayed to inventory-service
	 * @return its price, empty when the catalogue has no such product
	 * @throws CatalogueUnavailableException when inventory-service does not answer in
	 * time
	 */
	public Optional<Price> price(String sku, String bearerToken) {
		Known fresh = this.lastKnown.get(sku);
		if (fresh != null && fresh.readAt().isAfter(this.clock.instant().minus(this.freshFor))) {
			return Optional.of(fresh.price());
		}
		try {
			Optional<Price> price = read(sku, bearerToken);
			price.ifPresentOrElse((found) -> this.lastKnown.put(sku, new Known(found, this.clock.instant())),
					() -> this.lastKnown.remove(sku));
			return price;
		}
		catch (CatalogueUnavailableException ex) {
			Known known = this.lastKnown.get(sku);
			if (known == null || known.readAt().isBefore(this.clock.instant().minus(STALE_IF_ERROR))) {
				throw ex;
			}
			logger.warn("Pricing %s with its price of %s: %s".formatted(sku, known.readAt(), ex.getMessage()));
			return Optional.of(known.price());
		}
	}

	private Optional<Price> read(String sku, String bearerToken) {
		try {
			return this.breaker.executeSupplier(() -> this.http.get()
				.uri("/api/products/{sku}", sku)
				.header(HttpHeaders.AUTHORIZATION, "Bearer " + bearerToken)
				.exchange((request, response) -> {
					if (response.getStatusCode().value() == 404) {
						return Optional.empty();
					}
					if (!response.getStatusCode().is2xxSuccessful()) {
						throw new CatalogueUnavailableException(
								"inventory-service answered " + response.getStatusCode(), null);
					}
					return Optional.ofNullable(response.bodyTo(Price.class));
				}));
		}
		catch (RestClientException ex) {
			throw new CatalogueUnavailableException("inventory-service is unavailable: " + ex.getMessage(), ex);
		}
		catch (CallNotPermittedException ex) {
			throw new CatalogueUnavailableException("inventory-service is failing; its circuit breaker is open", ex);
		}
	}

	private record Known(Price price, Instant readAt) {
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
