package dev.sagashop.systemtests;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import dev.sagashop.systemtests.ApiInputs.Operation;
import dev.sagashop.systemtests.RawHttp.Response;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Whether an answer is one its operation's document gives: a documented status and, for
 * JSON, a body its schema allows (JSON Schema 2020-12, as OpenAPI 3.1 uses it; the
 * schema's references resolved in the document).
 */
final class Answers {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final SchemaRegistry SCHEMAS = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);

	private static final Map<JsonNode, Schema> COMPILED = new ConcurrentHashMap<>();

	private Answers() {
	}

	/** What is wrong with the answer by its document; {@code null} when nothing. */
	static String mismatch(Operation operation, Response response) {
		JsonNode documented = operation.responses().get(String.valueOf(response.status()));
		if (documented == null) {
			return "answered %d, which its document does not list (%s)".formatted(response.status(),
					List.copyOf(operation.responses().propertyNames()));
		}
		JsonNode content = documented.path("content");
		if (content.isEmpty() || response.status() == 204 || response.body().isEmpty()) {
			return null;
		}
		String type = String.valueOf(response.header("Content-Type")).split(";")[0].trim().toLowerCase(Locale.ROOT);
		JsonNode media = content.has(type) ? content.get(type) : content.get("*/*");
		if (media == null) {
			return "a %d as %s, where its document gives %s".formatted(response.status(), type,
					List.copyOf(content.propertyNames()));
		}
		JsonNode schema = media.get("schema");
		if (schema == null) {
			return null;
		}
		JsonNode body;
		try {
			body = JSON.readTree(response.body());
		}
		catch (RuntimeException ex) {
			return "a %d whose body is no JSON".formatted(response.status());
		}
		String refused = refused(operation.document(), schema, body);
		return (refused != null)
				? "a %d whose body its documented schema refuses: %s".formatted(response.status(), refused) : null;
	}

	/**
	 * What a schema of a document refuses in a value; {@code null} when nothing.
	 * @param document the document the schema is in (for its references)
	 * @param schema the schema
	 * @param value the value
	 */
	static String refused(JsonNode document, JsonNode schema, JsonNode value) {
		List<Error> errors = COMPILED.computeIfAbsent(schema, (key) -> compile(document, key)).validate(value);
		return errors.isEmpty() ? null : errors.stream().map(Error::toString).limit(5).toList().toString();
	}

	/** The schema, with the document's components beside it for its references. */
	private static Schema compile(JsonNode document, JsonNode schema) {
		ObjectNode root = schema.deepCopy() instanceof ObjectNode object ? object : JSON.createObjectNode();
		root.set("components", document.path("components"));
		return SCHEMAS.getSchema(SchemaLocation.of("urn:sagashop:" + document.path("info").path("title").asString()),
				root);
	}

}
