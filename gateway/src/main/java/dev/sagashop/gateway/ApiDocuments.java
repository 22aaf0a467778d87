package dev.sagashop.gateway;

import java.util.List;
import java.util.Map;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The services' OpenAPI documents merged into one, the API as a client sees it through
 * the gateway: every path of every service, their components, one title. A path, or a
 * component of one name, that two services give differently is an error: the merged
 * document would lie about one of them.
 */
final class ApiDocuments {

	private static final JsonMapper JSON = JsonMapper.shared();

	private ApiDocuments() {
	}

	/** One service's document. */
	record Part(String service, JsonNode document) {
	}

	/** Two services disagree on what one name means. */
	static final class ConflictException extends RuntimeException {

		ConflictException(String message) {
			super(message);
		}

	}

	/**
	 * @param parts the services' documents, in the order their paths should appear
	 * @return one document with all of them
	 * @throws ConflictException when two services give one path or component differently
	 */
	static ObjectNode merge(List<Part> parts) {
		ObjectNode merged = JSON.createObjectNode();
		merged.put("openapi", parts.get(0).document().path("openapi").asString("3.1.0"));
		ObjectNode info = merged.putObject("info");
		info.put("title", "sagashop");
		info.put("version", parts.get(0).document().path("info").path("version").asString("v1"));
		info.put("description",
				"The whole API as the gateway serves it: "
						+ String.join(", ", parts.stream().map(Part::service).toList())
						+ ". Tokens: client-credentials grant at auth-server (see the README). The saga's Kafka "
						+ "messages, as AsyncAPI 3.0 documents: "
						+ String.join(", ",
								parts.stream()
									.map((part) -> "[" + part.service() + "](/asyncapi/" + part.service() + ")")
									.toList())
						+ ".");
		merged.putArray("servers").addObject().put("url", "/").put("description", "the gateway");
		ArrayNode security = merged.putArray("security");
		ArrayNode tags = merged.putArray("tags");
		ObjectNode paths = merged.putObject("paths");
		ObjectNode components = merged.putObject("components");
		for (Part part : parts) {
			JsonNode document = part.document();
			addAll(paths, document.path("paths"), part.service(), "path");
			for (Map.Entry<String, JsonNode> section : document.path("components").properties()) {
				ObjectNode into = (components.get(section.getKey()) instanceof ObjectNode existing) ? existing
						: components.putObject(section.getKey());
				addAll(into, section.getValue(), part.service(), section.getKey());
			}
			addDistinct(security, document.path("security"));
			addDistinct(tags, document.path("tags"));
		}
		return merged;
	}

	private static void addAll(ObjectNode into, JsonNode from, String service, String what) {
		for (Map.Entry<String, JsonNode> entry : from.properties()) {
			JsonNode existing = into.get(entry.getKey());
			if (existing == null) {
				into.set(entry.getKey(), entry.getValue());
			}
			else if (!existing.equals(entry.getValue())) {
				throw new ConflictException(
						"%s gives %s %s otherwise than a service before it".formatted(service, what, entry.getKey()));
			}
		}
	}

	private static void addDistinct(ArrayNode into, JsonNode from) {
		for (JsonNode element : from) {
			if (!into.valueStream().anyMatch(element::equals)) {
				into.add(element);
			}
		}
	}

}
