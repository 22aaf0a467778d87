package dev.sagashop.systemtests;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The API's one document, as the gateway serves it at {@code /v3/api-docs}: the same as
 * the committed {@code docs/api/openapi.json} (which the generated client is made from,
 * so a change to the API is seen in review, and an incompatible one by the client's
 * test), and held to a set of rules a client generator and its users need.
 */
@ExtendWith(SharedStack.class)
class ApiDocumentIT {

	/** Run with {@code -Dsagashop.api-document.update=true} to commit a changed API. */
	static final String UPDATE = "sagashop.api-document.update";

	static final Sagashop sagashop = new Sagashop();

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@Test
	void theGatewayServesTheDocumentAsCommitted() throws Exception {
		JsonNode served = served();
		Path committed = sagashop.home.resolve("docs/api/openapi.json");
		if (Boolean.getBoolean(UPDATE)) {
			Files.writeString(committed, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(served) + "\n");
		}
		List<String> differences = new ArrayList<>();
		differ("", JSON.readTree(Files.readString(committed)), served, differences);
		assertThat(differences)
			.as("The API's document differs from %s where shown (committed, then served); if the change is "
					+ "meant, run the system tests with -D%s=true and commit the file", committed, UPDATE)
			.isEmpty();
	}

	/**
	 * Rules in the spirit of Redocly's and Spectral's recommended rulesets: each
	 * operation says what it does, has an id a generator can name a method by, lists its
	 * errors as problem+json and its success, needs a token, and no parameter or response
	 * is undescribed.
	 */
	@Test
	void everyOperationIsDocumentedAsAClientNeedsIt() throws Exception {
		JsonNode document = served();
		List<String> broken = new ArrayList<>();
		List<String> operationIds = new ArrayList<>();
		assertThat(document.path("openapi").asString()).startsWith("3.1");
		for (Map.Entry<String, JsonNode> path : document.path("paths").properties()) {
			assertThat(path.getKey()).as("a path of the API").startsWith("/api/");
			for (Map.Entry<String, JsonNode> entry : path.getValue().properties()) {
				String name = entry.getKey().toUpperCase() + " " + path.getKey();
				JsonNode operation = entry.getValue();
				for (String field : List.of("summary", "description", "operationId")) {
					if (operation.path(field).asString("").isBlank()) {
						broken.add(name + ": no " + field);
					}
				}
				operationIds.add(operation.path("operationId").asString(""));
				if (operation.path("tags").isEmpty()) {
					broken.add(name + ": no tag");
				}
				if (document.path("security").isEmpty() && operation.path("security").isEmpty()) {
					broken.add(name + ": no security requirement");
				}
				for (JsonNode parameter : operation.path("parameters")) {
					if (parameter.path("description").asString("").isBlank()) {
						broken.add(name + ": parameter " + parameter.path("name").asString() + " has no description");
					}
				}
				responses(name, operation.path("responses"), broken);
			}
		}
		assertThat(operationIds).as("operation ids").doesNotHaveDuplicates();
		assertThat(broken).as("what the document does not say").isEmpty();
	}

	private static void responses(String name, JsonNode responses, List<String> broken) {
		boolean success = false;
		boolean clientError = false;
		for (Map.Entry<String, JsonNode> response : responses.properties()) {
			String status = response.getKey();
			success |= status.startsWith("2");
			clientError |= status.startsWith("4");
			if (response.getValue().path("description").asString("").isBlank()) {
				broken.add(name + ": " + status + " has no description");
			}
			JsonNode content = response.getValue().path("content");
			if ((status.startsWith("4") || status.startsWith("5")) && !content.has("application/problem+json")) {
				broken.add(name + ": " + status + " is not application/problem+json");
			}
			if (content.has("*/*")) {
				broken.add(name + ": " + status + " has no media type (*/*)");
			}
			if (status.equals("201") && !response.getValue().path("headers").has("Location")) {
				broken.add(name + ": 201 without Location");
			}
			if ((status.equals("429") || status.equals("503"))
					&& !response.getValue().path("headers").has("Retry-After")) {
				broken.add(name + ": " + status + " without Retry-After");
			}
		}
		if (!success) {
			broken.add(name + ": no success response");
		}
		if (!clientError) {
			broken.add(name + ": no 4xx response");
		}
	}

	private static JsonNode served() throws Exception {
		return JSON.readTree(sagashop.send(8080, "GET", "/v3/api-docs", null, null).body());
	}

	/** JSON pointers where two documents differ, with both values (at most 20). */
	private static void differ(String at, JsonNode committed, JsonNode served, List<String> differences) {
		if (differences.size() >= 20 || committed.equals(served)) {
			return;
		}
		if (committed.isObject() && served.isObject()) {
			for (String name : committed.propertyNames()) {
				differ(at + "/" + name, committed.get(name), served.path(name), differences);
			}
			for (String name : served.propertyNames()) {
				if (!committed.has(name)) {
					differences.add(at + "/" + name + ": (none), then " + abbreviate(served.get(name)));
				}
			}
			return;
		}
		differences.add(at + ": " + abbreviate(committed) + ", then " + abbreviate(served));
	}

	private static String abbreviate(JsonNode node) {
		return node.isMissingNode() ? "(none)" : RawHttp.abbreviate(node.toString());
	}

}
