package dev.sagashop.console;

import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.client.HttpClientErrorException;
import org.springframework.web.client.RestClient;

/**
 * The sagashop API, read through the gateway with the signed-in person's token: what the
 * console shows is what that person may see, the services decide (ADR 29).
 */
@Component
class SagashopApi {

	private final RestClient http;

	SagashopApi(RestClient.Builder builder, ConsoleProperties properties) {
		this.http = builder.baseUrl(properties.apiUrl().toString()).build();
	}

	/** The caller's orders, newest first (one page). */
	JsonNode orders(String token) {
		return get(token, "/api/orders?size=50");
	}

	/** An order, empty when the caller may not see it (or there is none). */
	Optional<JsonNode> order(String token, UUID id) {
		return find(token, "/api/orders/{id}", id);
	}

	/** An order's saga journal, empty when the caller may not see it. */
	Optional<JsonNode> journal(String token, UUID id) {
		return find(token, "/api/orders/{id}/journal", id);
	}

	/**
	 * Every order with its saga ({@code GET /api/sagas}, admins only).
	 * @param query the filters, as they are (each a URI variable, so encoded once,
	 * whatever it holds)
	 * @return the page, or empty when the caller is no admin
	 */
	Optional<JsonNode> sagas(String token, Map<String, String> query) {
		try {
			return Optional.ofNullable(this.http.get().uri((uri) -> {
				uri.path("/api/sagas");
				query.keySet().forEach((name) -> uri.queryParam(name, "{" + name + "}"));
				return uri.build(query);
			}).headers((headers) -> headers.setBearerAuth(token)).retrieve().body(JsonNode.class));
		}
		catch (HttpClientErrorException ex) {
			if (ex.getStatusCode() == HttpStatus.FORBIDDEN) {
				return Optional.empty();
			}
			throw ex;
		}
	}

	/**
	 * What a participant recorded of an order: its payments ({@code /api/payments}) or
	 * its shipments ({@code /api/shipments}); none when the caller may not see them.
	 * @param resource {@code payments} or {@code shipments}
	 */
	JsonNode recorded(String token, String resource, UUID orderId) {
		return find(token, "/api/" + resource + "?orderId={id}", orderId).orElse(JsonNodeFactory.instance.arrayNode());
	}

	/**
	 * The messages a service gave up on ({@code GET /api/dead-letters/<service>},
	 * admins).
	 * @param service the service's name ({@code payments-service})
	 */
	JsonNode deadLetters(String token, String service) {
		return get(token, "/api/dead-letters/{service}", service);
	}

	/**
	 * Redrives or discards a dead letter.
	 * @param decision {@code redrive} or {@code discard}
	 * @return what the API said: the dead letter with its decision, or why not
	 */
	Decided decide(String token, String service, String dltTopic, int partition, long offset, String decision) {
		try {
			JsonNode letter = this.http.post()
				.uri("/api/dead-letters/{service}/{topic}/{partition}/{offset}/{decision}", service, dltTopic,
						partition, offset, decision)
				.headers((headers) -> headers.setBearerAuth(token))
				.retrieve()
				.body(JsonNode.class);
			return new Decided(letter, null);
		}
		catch (HttpClientErrorException ex) {
			JsonNode problem = ex.getResponseBodyAs(JsonNode.class);
			return new Decided(null,
					(problem != null) ? problem.path("detail").asString(ex.getStatusText()) : ex.getStatusText());
		}
	}

	/**
	 * What deciding about a dead letter gave.
	 *
	 * @param letter the dead letter with its decision, when made
	 * @param refusal why not, as the API said
	 */
	record Decided(JsonNode letter, String refusal) {

	}

	/** The catalogue's first page. */
	JsonNode products(String token) {
		return get(token, "/api/products?size=100");
	}

	/** A product of the catalogue, empty when there is none. */
	Optional<JsonNode> product(String token, String sku) {
		return find(token, "/api/products/{sku}", sku);
	}

	/**
	 * Places an order for the caller.
	 * @param key the Idempotency-Key: the same form sent twice places one order
	 * @return the order's id, or the API's problem when it refused the order
	 */
	Placed place(String token, String key, Map<String, Object> order) {
		try {
			JsonNode placed = this.http.post().uri("/api/orders").headers((headers) -> {
				headers.setBearerAuth(token);
				headers.set("Idempotency-Key", key);
			}).contentType(MediaType.APPLICATION_JSON).body(order).retrieve().body(JsonNode.class);
			return new Placed(UUID.fromString(placed.get("id").asString()), null);
		}
		catch (HttpClientErrorException ex) {
			JsonNode problem = ex.getResponseBodyAs(JsonNode.class);
			String detail = (problem != null) ? problem.path("detail").asString(ex.getStatusText())
					: ex.getStatusText();
			return new Placed(null, ex.getStatusCode().value() + ": " + detail);
		}
	}

	/**
	 * What placing an order gave.
	 *
	 * @param id the order's id, when placed
	 * @param refusal why not, as the API said
	 */
	record Placed(UUID id, String refusal) {

	}

	private JsonNode get(String token, String path, Object... variables) {
		return this.http.get()
			.uri(path, variables)
			.headers((headers) -> headers.setBearerAuth(token))
			.retrieve()
			.body(JsonNode.class);
	}

	private Optional<JsonNode> find(String token, String path, Object variable) {
		try {
			return Optional.ofNullable(get(token, path, variable));
		}
		catch (HttpClientErrorException ex) {
			if (ex.getStatusCode() == HttpStatus.NOT_FOUND) {
				return Optional.empty();
			}
			throw ex;
		}
	}

}
