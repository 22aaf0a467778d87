package dev.sagashop.console;

import java.util.Optional;
import java.util.UUID;

import tools.jackson.databind.JsonNode;

import org.springframework.http.HttpStatus;
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
		return this.http.get()
			.uri("/api/orders?size=50")
			.headers((headers) -> headers.setBearerAuth(token))
			.retrieve()
			.body(JsonNode.class);
	}

	/** An order, empty when the caller may not see it (or there is none). */
	Optional<JsonNode> order(String token, UUID id) {
		return find(token, "/api/orders/{id}", id);
	}

	/** An order's saga journal, empty when the caller may not see it. */
	Optional<JsonNode> journal(String token, UUID id) {
		return find(token, "/api/orders/{id}/journal", id);
	}

	private Optional<JsonNode> find(String token, String path, UUID id) {
		try {
			return Optional.ofNullable(this.http.get()
				.uri(path, id)
				.headers((headers) -> headers.setBearerAuth(token))
				.retrieve()
				.body(JsonNode.class));
		}
		catch (HttpClientErrorException ex) {
			if (ex.getStatusCode() == HttpStatus.NOT_FOUND) {
				return Optional.empty();
			}
			throw ex;
		}
	}

}
