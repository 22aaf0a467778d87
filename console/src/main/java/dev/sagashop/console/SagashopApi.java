package dev.sagashop.console;

import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import tools.jackson.databind.JsonNode;

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

	/** The catalogue's first page. */
	JsonNode products(String token) {
		return get(token, "/api/products?size=100");
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

	private Optional<JsonNode> find(String token, String path, UUID id) {
		try {
			return Optional.ofNullable(get(token, path, id));
		}
		catch (HttpClientErrorException ex) {
			if (ex.getStatusCode() == HttpStatus.NOT_FOUND) {
				return Optional.empty();
			}
			throw ex;
		}
	}

}
