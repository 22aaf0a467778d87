package dev.sagashop.systemtests;

import java.math.BigInteger;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import java.util.function.BiFunction;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Requests generated from an OpenAPI document: for each operation, valid ones (every
 * parameter and field as its schema allows, boundaries included), broken ones (a valid
 * request with one thing its document forbids: a wrong type, a value past a bound, a
 * missing required field, a body that is no JSON or too large, a content type it does not
 * take) and odd ones the document neither allows nor forbids (unknown fields, unusual
 * characters and encodings, odd headers, other tokens). Seeded: the same seed gives the
 * same choices.
 */
final class ApiInputs {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

	/** What the document says of an input, and so what its answer may be. */
	enum Kind {

		/** The document allows it: any answer but a 5xx. */
		VALID,
		/** The document forbids it: a 4xx, and nothing changes. */
		BROKEN,
		/** The document does not say: any answer but a 5xx. */
		ODD

	}

	/**
	 * One request, as sent.
	 *
	 * @param kind what the document says of it
	 * @param why what was done to the valid request
	 * @param method the method
	 * @param target the path and query, encoded
	 * @param headers headers (the token's included)
	 * @param body the body's bytes, or {@code null}
	 */
	record Input(Kind kind, String why, String method, String target, Map<String, String> headers, byte[] body) {

		@Override
		public String toString() {
			String text = (this.body != null) ? new String(this.body, StandardCharsets.UTF_8) : "";
			return "%s %s [%s: %s] %s %s".formatted(this.method, RawHttp.abbreviate(this.target), this.kind, this.why,
					this.headers.keySet(), RawHttp.abbreviate(text));
		}

	}

	/**
	 * One operation of a document.
	 *
	 * @param document the document it is in (its schemas' references point there)
	 * @param method the method, upper case
	 * @param path the path template
	 * @param parameters its parameters (path, query, header)
	 * @param body its JSON body's schema, or {@code null} when it takes none
	 * @param bodyRequired whether the body is required
	 * @param responses its documented responses, by status
	 */
	record Operation(JsonNode document, String method, String path, List<Parameter> parameters, JsonNode body,
			boolean bodyRequired, JsonNode responses) {

		boolean writes() {
			return !"GET".equals(this.method);
		}

		@Override
		public String toString() {
			return this.method + " " + this.path;
		}

	}

	/**
	 * A parameter of an operation.
	 *
	 * @param name its name
	 * @param in {@code path}, {@code query} or {@code header}
	 * @param required whether it is required
	 * @param schema its schema
	 */
	record Parameter(String name, String in, boolean required, JsonNode schema) {
	}

	/** Every operation of a document under {@code /api}. */
	static List<Operation> operations(JsonNode document) {
		List<Operation> operations = new ArrayList<>();
		for (Map.Entry<String, JsonNode> path : document.get("paths").properties()) {
			if (!path.getKey().startsWith("/api/")) {
				continue;
			}
			for (Map.Entry<String, JsonNode> entry : path.getValue().properties()) {
				JsonNode operation = entry.getValue();
				List<Parameter> parameters = new ArrayList<>();
				for (JsonNode parameter : operation.path("parameters")) {
					parameters.add(new Parameter(parameter.get("name").asString(), parameter.get("in").asString(),
							parameter.path("required").asBoolean(false), parameter.path("schema")));
				}
				JsonNode body = operation.path("requestBody").path("content").path("application/json").get("schema");
				operations.add(new Operation(document, entry.getKey().toUpperCase(), path.getKey(), parameters, body,
						operation.path("requestBody").path("required").asBoolean(false), operation.path("responses")));
			}
		}
		return operations;
	}

	private final Random random;

	private final BiFunction<Operation, String, List<String>> seeds;

	private final Map<String, String> tokens;

	/**
	 * @param random the source of every choice
	 * @param seeds valid values the document cannot give (an existing order's id, a sku
	 * with stock), by operation and parameter or field name; none for a free choice (a
	 * parameter with seeds is always sent)
	 * @param tokens bearer tokens by client: {@code ops} signs valid requests, the others
	 * odd ones
	 */
	ApiInputs(Random random, BiFunction<Operation, String, List<String>> seeds, Map<String, String> tokens) {
		this.random = random;
		this.seeds = seeds;
		this.tokens = tokens;
	}

	/** The next input for an operation: six broken, three odd and one valid in ten. */
	Input next(Operation operation) {
		int dice = this.random.nextInt(10);
		Kind kind = (dice < 6) ? Kind.BROKEN : (dice < 9) ? Kind.ODD : Kind.VALID;
		Draft draft = valid(operation);
		if (kind == Kind.BROKEN) {
			forbid(operation, draft);
		}
		else if (kind == Kind.ODD) {
			twist(operation, draft);
		}
		return draft.input((draft.unsure && kind == Kind.VALID) ? Kind.ODD : kind);
	}

	/** A request being made: valid until a mutation changes it. */
	private final class Draft {

		String method;

		final String path;

		/** Appended to the path, after its parameters. */
		String suffix = "";

		final Map<String, String> pathValues = new LinkedHashMap<>();

		final List<String[]> query = new ArrayList<>();

		final Map<String, String> headers = new LinkedHashMap<>();

		JsonNode body;

		byte[] rawBody;

		String why = "as documented";

		/** A value made up without knowing it fits (a pattern it cannot generate). */
		boolean unsure;

		Draft(Operation operation) {
			this.method = operation.method();
			this.path = operation.path();
		}

		void set(String why) {
			this.why = why;
		}

		Input input(Kind kind) {
			String target = this.path;
			for (Map.Entry<String, String> value : this.pathValues.entrySet()) {
				target = target.replace("{" + value.getKey() + "}", value.getValue());
			}
			StringBuilder query = new StringBuilder();
			for (String[] parameter : this.query) {
				query.append((query.length() == 0) ? '?' : '&').append(parameter[0]).append('=').append(parameter[1]);
			}
			byte[] bytes = this.rawBody;
			if (bytes == null && this.body != null) {
				bytes = JSON.writeValueAsBytes(this.body);
			}
			return new Input(kind, this.why, this.method, target + this.suffix + query, this.headers, bytes);
		}

	}

	private Draft valid(Operation operation) {
		Draft draft = new Draft(operation);
		draft.headers.put("Authorization", "Bearer " + this.tokens.get("ops"));
		for (Parameter parameter : operation.parameters()) {
			List<String> seeded = this.seeds.apply(operation, parameter.name());
			if (!parameter.required() && seeded.isEmpty() && this.random.nextBoolean()) {
				continue;
			}
			JsonNode made = seeded.isEmpty() ? value(operation, parameter.schema(), draft) : null;
			if (made != null && made.isArray() && parameter.in().equals("query")) {
				// Form style, exploded: the parameter once per element.
				made.forEach((element) -> draft.query.add(new String[] { parameter.name(), encode(text(element)) }));
				continue;
			}
			String value = !seeded.isEmpty() ? pick(seeded) : text(made);
			switch (parameter.in()) {
				case "path" -> draft.pathValues.put(parameter.name(), encode(value));
				case "query" -> draft.query.add(new String[] { parameter.name(), encode(value) });
				case "header" -> draft.headers.put(parameter.name(), value);
				default -> throw new IllegalStateException("A parameter in " + parameter.in());
			}
		}
		if (operation.body() != null) {
			draft.body = value(operation, operation.body(), draft);
			draft.headers.put("Content-Type", "application/json");
		}
		return draft;
	}

	/** A valid value of a schema, seeded where the document's rules are not enough. */
	private JsonNode value(Operation operation, JsonNode schema, Draft draft) {
		return value(operation, schema, null, draft);
	}

	private JsonNode value(Operation operation, JsonNode schema, String name, Draft draft) {
		schema = resolve(operation, schema);
		if (name != null) {
			List<String> seeded = this.seeds.apply(operation, name);
			if (!seeded.isEmpty()) {
				String value = pick(seeded);
				return type(schema).equals("integer") ? NODES.numberNode(Long.parseLong(value))
						: NODES.stringNode(value);
			}
		}
		if (schema.has("enum")) {
			return schema.get("enum").get(this.random.nextInt(schema.get("enum").size()));
		}
		return switch (type(schema)) {
			case "object" -> {
				ObjectNode object = NODES.objectNode();
				List<String> required = required(schema);
				for (Map.Entry<String, JsonNode> property : schema.path("properties").properties()) {
					if (required.contains(property.getKey()) || this.random.nextBoolean()) {
						object.set(property.getKey(), value(operation, property.getValue(), property.getKey(), draft));
					}
				}
				yield object;
			}
			case "array" -> {
				ArrayNode array = NODES.arrayNode();
				int min = schema.path("minItems").asInt(0);
				int max = Math.min(schema.path("maxItems").asInt(min + 3), min + 3);
				int size = min + this.random.nextInt(max - min + 1);
				for (int i = 0; i < size; i++) {
					array.add(value(operation, schema.get("items"), name, draft));
				}
				yield array;
			}
			case "integer" -> {
				long min = minimum(schema).orElse(0L);
				long max = maximum(schema).orElse(min + 1000);
				yield NODES.numberNode(boundaryBiased(min, max));
			}
			case "number" -> NODES.numberNode(boundaryBiased(0, 1000) / 4.0);
			case "boolean" -> NODES.booleanNode(this.random.nextBoolean());
			case "string" -> NODES.stringNode(string(schema, draft));
			default -> {
				draft.unsure = true;
				yield NODES.stringNode("x");
			}
		};
	}

	private long boundaryBiased(long min, long max) {
		return switch (this.random.nextInt(4)) {
			case 0 -> min;
			case 1 -> max;
			default -> min + (long) (this.random.nextDouble() * (max - min));
		};
	}

	private static final Pattern SIMPLE_PATTERN = Pattern
		.compile("\\^?\\[([^\\]]+)\\](?:\\{(\\d+)(?:,(\\d+))?\\}|(\\+)|(\\*))?\\$?");

	private String string(JsonNode schema, Draft draft) {
		String format = schema.path("format").asString("");
		if (format.equals("uuid")) {
			return UUID.randomUUID().toString();
		}
		if (format.equals("date-time")) {
			return Instant.now().toString();
		}
		int minLength = schema.path("minLength").asInt(0);
		int maxLength = schema.path("maxLength").asInt(Math.max(minLength, 1) + 20);
		String alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 -";
		if (schema.has("pattern") && !schema.get("pattern").asString().equals("\\S")) {
			// ("\S", not blank: any text with a character that is no space, made below)
			Matcher simple = SIMPLE_PATTERN.matcher(schema.get("pattern").asString());
			if (!simple.matches()) {
				draft.unsure = true;
				return "x";
			}
			alphabet = characters(simple.group(1));
			if (simple.group(2) != null) {
				minLength = Math.max(minLength, Integer.parseInt(simple.group(2)));
				maxLength = Math.min(maxLength,
						(simple.group(3) != null) ? Integer.parseInt(simple.group(3)) : minLength);
			}
			else if (simple.group(4) != null) {
				minLength = Math.max(minLength, 1);
			}
		}
		int length = (int) boundaryBiased(minLength, Math.min(maxLength, minLength + 40));
		if (schema.has("pattern")) {
			length = Math.max(length, 1);
		}
		StringBuilder text = new StringBuilder();
		for (int i = 0; i < length; i++) {
			text.append(alphabet.charAt(this.random.nextInt(alphabet.length())));
		}
		String value = text.toString();
		if (!value.isEmpty() && value.isBlank()) {
			value = "a" + value.substring(1);
		}
		return value;
	}

	/** The characters of a character class such as {@code A-Za-z0-9_-}. */
	private static String characters(String characterClass) {
		StringBuilder characters = new StringBuilder();
		for (int i = 0; i < characterClass.length(); i++) {
			char c = characterClass.charAt(i);
			if (i + 2 < characterClass.length() && characterClass.charAt(i + 1) == '-') {
				for (char d = c; d <= characterClass.charAt(i + 2); d++) {
					characters.append(d);
				}
				i += 2;
			}
			else if (c != '\\') {
				characters.append(c);
			}
		}
		return characters.toString();
	}

	// -------------------------------------------------------------------- broken

	/** Makes a valid request one the document forbids. */
	private void forbid(Operation operation, Draft draft) {
		List<Supplier<String>> ways = new ArrayList<>();
		for (Parameter parameter : operation.parameters()) {
			JsonNode schema = resolve(operation, parameter.schema());
			if (parameter.in().equals("path") && schema.path("format").asString("").equals("uuid")) {
				ways.add(() -> {
					String id = pick(List.of("not-a-uuid", "123", "%00", "%5C", "%FF", "%2F", "a%3Bb",
							"00000000-0000-0000-0000-00000000000g", UUID.randomUUID() + "0", "%20", "null"));
					draft.pathValues.put(parameter.name(), id);
					return "path parameter " + parameter.name() + " not a uuid: " + id;
				});
			}
			if (parameter.in().equals("query")) {
				List<String> wrong = textViolations(operation, schema);
				if (!wrong.isEmpty()) {
					ways.add(() -> {
						String value = pick(wrong);
						draft.query.removeIf((sent) -> sent[0].equals(parameter.name()));
						draft.query.add(new String[] { parameter.name(), encode(value) });
						return "query parameter " + parameter.name() + "=" + value;
					});
				}
			}
		}
		if (operation.body() != null) {
			ways.add(() -> breakAField(operation, draft));
			ways.add(() -> breakAField(operation, draft));
			ways.add(() -> breakAField(operation, draft));
			ways.add(() -> {
				String text = pick(List.of("", "{", "}", "not json", "{\"a\":1,}", "[]", "null", "42", "\"x\"",
						"{'single':'quotes'}", "{\"unterminated\":\"x}", "[" + "[".repeat(3000)));
				draft.rawBody = text.getBytes(StandardCharsets.UTF_8);
				return "a body that is no JSON object: " + RawHttp.abbreviate(text);
			});
			ways.add(() -> {
				draft.rawBody = ("{\"padding\":\"" + "x".repeat(70 * 1024) + "\"}").getBytes(StandardCharsets.UTF_8);
				return "a body over 64 KiB";
			});
			ways.add(() -> {
				String type = pick(List.of("text/plain", "application/xml", "multipart/form-data; boundary=xyz",
						"application/x-www-form-urlencoded", "application/octet-stream", "image/png"));
				draft.headers.put("Content-Type", type);
				return "content type " + type;
			});
		}
		if (ways.isEmpty()) {
			draft.headers.put("Authorization", "Bearer " + pick(List.of("x", "e30.e30.e30", "")));
			draft.set("a token that is no token");
			return;
		}
		draft.set(pick(ways).get());
	}

	/** Breaks one field of the body (or the body itself) as its schema forbids. */
	private String breakAField(Operation operation, Draft draft) {
		List<Field> fields = new ArrayList<>();
		fields(operation, operation.body(), draft.body, null, "$", true, fields);
		Field field = pick(fields);
		List<Supplier<String>> ways = new ArrayList<>();
		List<JsonNode> wrong = violations(operation, field.schema());
		if (!wrong.isEmpty()) {
			ways.add(() -> {
				JsonNode value = pick(wrong);
				if (field.parent() == null) {
					draft.body = value; // the body itself
				}
				else {
					field.replace(value);
				}
				return field.path() + " = " + RawHttp.abbreviate(value.toString());
			});
		}
		if (field.required() && field.parent() instanceof ObjectNode) {
			ways.add(() -> {
				field.remove();
				return field.path() + " missing";
			});
			if (!nullable(resolve(operation, field.schema()))) {
				ways.add(() -> {
					field.replace(NODES.nullNode());
					return field.path() + " = null";
				});
			}
		}
		if (ways.isEmpty()) {
			draft.rawBody = "[]".getBytes(StandardCharsets.UTF_8);
			return "the body an array";
		}
		return pick(ways).get();
	}

	/** Values a schema forbids: another type, past its bounds, outside its enum. */
	private List<JsonNode> violations(Operation operation, JsonNode schema) {
		schema = resolve(operation, schema);
		List<JsonNode> wrong = new ArrayList<>();
		String type = type(schema);
		switch (type) {
			case "object" -> wrong.addAll(List.of(NODES.stringNode("x"), NODES.numberNode(1), NODES.arrayNode()));
			case "array" -> {
				wrong.addAll(List.of(NODES.stringNode("x"), NODES.objectNode(), NODES.numberNode(7)));
				if (schema.has("maxItems")) {
					ArrayNode tooMany = NODES.arrayNode();
					JsonNode item = value(operation, schema.get("items"), new Draft(operation));
					for (int i = 0; i <= schema.get("maxItems").asInt(); i++) {
						tooMany.add(item);
					}
					wrong.add(tooMany);
				}
				if (schema.path("minItems").asInt(0) > 0) {
					wrong.add(NODES.arrayNode());
				}
			}
			case "integer" -> {
				wrong.addAll(List.of(NODES.stringNode("x"), NODES.numberNode(1.5), NODES.booleanNode(true),
						NODES.arrayNode(), NODES.numberNode(new BigInteger("99999999999999999999"))));
				minimum(schema).ifPresent((min) -> wrong.add(NODES.numberNode(min - 1)));
				maximum(schema).ifPresent((max) -> wrong.add(NODES.numberNode(max + 1)));
			}
			case "number" -> wrong.addAll(List.of(NODES.stringNode("x"), NODES.booleanNode(false)));
			case "boolean" -> wrong.addAll(List.of(NODES.stringNode("maybe"), NODES.numberNode(2)));
			case "string" -> {
				wrong.addAll(
						List.of(NODES.numberNode(42), NODES.booleanNode(true), NODES.objectNode(), NODES.arrayNode()));
				if (schema.has("maxLength")) {
					wrong.add(NODES.stringNode("y".repeat(schema.get("maxLength").asInt() + 1)));
				}
				if (schema.path("minLength").asInt(0) > 0) {
					wrong.add(NODES.stringNode(""));
				}
				if (schema.has("enum")) {
					wrong.add(NODES.stringNode("NOT_" + schema.get("enum").get(0).asString()));
				}
				if (schema.has("pattern")) {
					// As JSON Schema reads a pattern: it matches if it matches anywhere.
					Pattern pattern = Pattern.compile(schema.get("pattern").asString());
					for (String candidate : List.of("has space", "ü", "", "a;b", "..", " ")) {
						if (!pattern.matcher(candidate).find()) {
							wrong.add(NODES.stringNode(candidate));
						}
					}
				}
				if (schema.path("format").asString("").equals("uuid")) {
					wrong.add(NODES.stringNode("not-a-uuid"));
				}
			}
			default -> {
			}
		}
		return wrong;
	}

	/**
	 * Text a parameter's schema forbids. In a query everything is text, so {@code true}
	 * is a valid string and {@code x} a valid array (of one string).
	 */
	private List<String> textViolations(Operation operation, JsonNode schema) {
		schema = resolve(operation, schema);
		List<String> wrong = new ArrayList<>();
		switch (type(schema)) {
			case "integer" -> {
				wrong.addAll(List.of("x", "1.5", "1e3", "99999999999999999999", "0x10", " 1"));
				minimum(schema).ifPresent((min) -> wrong.add(String.valueOf(min - 1)));
				maximum(schema).ifPresent((max) -> wrong.add(String.valueOf(max + 1)));
			}
			case "number" -> wrong.add("x");
			case "boolean" -> wrong.add("maybe");
			case "array" -> wrong.addAll(textViolations(operation, schema.path("items")));
			case "string" -> {
				for (JsonNode value : violations(operation, schema)) {
					if (value.isString()) {
						wrong.add(value.asString());
					}
				}
			}
			default -> {
			}
		}
		return wrong;
	}

	// ----------------------------------------------------------------------- odd

	/** Changes a valid request in a way its document does not decide. */
	private void twist(Operation operation, Draft draft) {
		List<Supplier<String>> ways = new ArrayList<>();
		ways.add(() -> {
			String client = pick(List.of("alice", "bob", "none", "garbage"));
			switch (client) {
				case "none" -> draft.headers.remove("Authorization");
				case "garbage" -> draft.headers.put("Authorization", pick(List.of("Bearer", "Basic b3BzOm9wcw==",
						"Bearer " + this.tokens.get("ops") + "x", "bearer " + this.tokens.get("ops"))));
				default -> draft.headers.put("Authorization", "Bearer " + this.tokens.get(client));
			}
			return "signed by " + client;
		});
		ways.add(() -> {
			String name = pick(List.of("page", "size", "sort", "x", "orderId", "%00", "a[b]", "size"));
			String value = pick(List.of("1", "-1", "", "%FF", "%C3%BC", "x,desc", "9999999999", "1e3", "%00"));
			draft.query.add(new String[] { name, value });
			return "query " + name + "=" + value;
		});
		ways.add(() -> {
			String header = pick(List.of("Accept", "Idempotency-Key", "Prefer", "Accept-Charset", "X-Forwarded-For",
					"Accept-Encoding", "Content-Encoding"));
			String value = pick(
					List.of("application/xml", "text/html", "*/*;q=0", "", "wait=abc", "wait=-1", "wait=99999999999",
							"respond-async", "k".repeat(256), "key-" + this.random.nextInt(1000), "gzip", "ü", "\t"));
			draft.headers.put(header, value);
			return header + ": " + RawHttp.abbreviate(value);
		});
		if (operation.body() != null) {
			ways.add(() -> {
				List<Field> objects = new ArrayList<>();
				fields(operation, operation.body(), draft.body, null, "$", true, objects);
				objects.removeIf((field) -> !(field.value() instanceof ObjectNode));
				Field object = objects.isEmpty() ? null : pick(objects);
				if (object == null) {
					return "nothing unknown to add";
				}
				String name = pick(List.of("customerId", "status", "price", "total", "id", "x", "", "__proto__"));
				((ObjectNode) object.value()).put(name, "extra");
				return object.path() + "." + name + " added";
			});
			ways.add(() -> {
				List<Field> strings = new ArrayList<>();
				fields(operation, operation.body(), draft.body, null, "$", true, strings);
				strings.removeIf((field) -> !field.value().isString());
				if (strings.isEmpty()) {
					return "no text to change";
				}
				Field field = pick(strings);
				String text = pick(List.of("\u0000", "a\u0000b", "😀", "\u202Eabc", "e\u0301", "\uFEFFx", "\uD800",
						"'; DROP TABLE orders;--", "%00", "<script>x</script>", "\\", "\r\n", " x ", "x".repeat(5000)));
				field.replace(NODES.stringNode(text));
				return field.path() + " = " + RawHttp.abbreviate(JSON.writeValueAsString(text));
			});
			ways.add(() -> {
				String json = JSON.writeValueAsString(draft.body);
				String way = pick(List.of("UTF-16", "ISO-8859-1", "BOM", "bad UTF-8", "no content type",
						"application/json; charset=utf-8", "APPLICATION/JSON", "application/merge-patch+json",
						"application/*", "duplicate key"));
				switch (way) {
					case "UTF-16" -> {
						draft.headers.put("Content-Type", "application/json; charset=UTF-16");
						draft.rawBody = json.getBytes(StandardCharsets.UTF_16);
					}
					case "ISO-8859-1" -> {
						draft.headers.put("Content-Type", "application/json; charset=ISO-8859-1");
						draft.rawBody = json.replaceFirst("\":\"", "\":\"\u00fc").getBytes(StandardCharsets.ISO_8859_1);
					}
					case "BOM" -> draft.rawBody = ("\uFEFF" + json).getBytes(StandardCharsets.UTF_8);
					case "bad UTF-8" -> {
						byte[] bytes = json.replaceFirst("\":\"", "\":\"\u0001").getBytes(StandardCharsets.UTF_8);
						for (int i = 0; i < bytes.length; i++) {
							if (bytes[i] == 1) {
								bytes[i] = (byte) 0xC3; // a lead byte without its
														// continuation
							}
						}
						draft.rawBody = bytes;
					}
					case "no content type" -> draft.headers.remove("Content-Type");
					case "duplicate key" ->
						draft.rawBody = json.replaceFirst("\\{", "{\"items\":[],").getBytes(StandardCharsets.UTF_8);
					default -> draft.headers.put("Content-Type", way);
				}
				return "body: " + way;
			});
		}
		ways.add(() -> {
			draft.method = pick(List.of("HEAD", "OPTIONS", "PATCH", "DELETE", "PUT", "POST", "TRACE", "GETX"));
			return "method " + draft.method;
		});
		ways.add(() -> {
			draft.suffix = pick(List.of("/", "//", "/..", "/%2e%2e/x", ";jsessionid=1", "%20", "/%C3%BC", ".json"));
			return "path + " + draft.suffix;
		});
		draft.set(pick(ways).get());
	}

	// --------------------------------------------------------------- the schema

	/** A value in a body, with the schema it has there and a way to change it. */
	private record Field(String path, JsonNode schema, JsonNode value, JsonNode parent, String name, int index,
			boolean required) {

		void replace(JsonNode value) {
			if (this.parent instanceof ObjectNode object) {
				object.set(this.name, value);
			}
			else if (this.parent instanceof ArrayNode array) {
				array.set(this.index, value);
			}
		}

		void remove() {
			((ObjectNode) this.parent).remove(this.name);
		}

	}

	private void fields(Operation operation, JsonNode schema, JsonNode value, Field at, String path, boolean required,
			List<Field> fields) {
		schema = resolve(operation, schema);
		if (at != null) {
			fields.add(at);
		}
		if (value instanceof ObjectNode object) {
			List<String> requiredNames = required(schema);
			for (Iterator<String> names = List.copyOf(object.propertyNames()).iterator(); names.hasNext();) {
				String name = names.next();
				JsonNode child = schema.path("properties").get(name);
				if (child != null) {
					fields(operation, child, object.get(name),
							new Field(path + "." + name, child, object.get(name), object, name, -1,
									requiredNames.contains(name)),
							path + "." + name, requiredNames.contains(name), fields);
				}
			}
		}
		else if (value instanceof ArrayNode array && schema.has("items")) {
			for (int i = 0; i < array.size(); i++) {
				fields(operation, schema.get("items"), array.get(i),
						new Field(path + "[" + i + "]", schema.get("items"), array.get(i), array, null, i, true),
						path + "[" + i + "]", true, fields);
			}
		}
		if (at == null) {
			fields.add(new Field(path, schema, value, null, null, -1, required));
		}
	}

	/** The schema a {@code $ref} (or a lone {@code allOf}) points to, in its document. */
	static JsonNode resolve(Operation operation, JsonNode schema) {
		while (schema != null && schema.has("$ref")) {
			String[] ref = schema.get("$ref").asString().substring(2).split("/");
			JsonNode target = operation.document();
			for (String part : ref) {
				target = target.path(part);
			}
			schema = target;
		}
		if (schema != null && schema.has("allOf") && schema.get("allOf").size() == 1) {
			return resolve(operation, schema.get("allOf").get(0));
		}
		return (schema != null) ? schema : NODES.objectNode();
	}

	/** The schema's type other than null (OpenAPI 3.1 lists it with null). */
	static String type(JsonNode schema) {
		JsonNode type = schema.get("type");
		if (type == null) {
			return schema.has("properties") ? "object" : "";
		}
		if (type.isArray()) {
			for (JsonNode one : type) {
				if (!one.asString().equals("null")) {
					return one.asString();
				}
			}
			return "null";
		}
		return type.asString();
	}

	/**
	 * The least integer a schema allows: its minimum, or one above an exclusive one (as
	 * OpenAPI 3.1 writes it, a number; as 3.0 does, a flag beside the minimum).
	 */
	private static Optional<Long> minimum(JsonNode schema) {
		JsonNode exclusive = schema.get("exclusiveMinimum");
		if (exclusive != null && exclusive.isNumber()) {
			return Optional.of(exclusive.asLong() + 1);
		}
		if (!schema.has("minimum")) {
			return Optional.empty();
		}
		long minimum = schema.get("minimum").asLong();
		return Optional.of((exclusive != null && exclusive.asBoolean()) ? minimum + 1 : minimum);
	}

	/** The greatest integer a schema allows, as {@link #minimum} reads it. */
	private static Optional<Long> maximum(JsonNode schema) {
		JsonNode exclusive = schema.get("exclusiveMaximum");
		if (exclusive != null && exclusive.isNumber()) {
			return Optional.of(exclusive.asLong() - 1);
		}
		if (!schema.has("maximum")) {
			return Optional.empty();
		}
		long maximum = schema.get("maximum").asLong();
		return Optional.of((exclusive != null && exclusive.asBoolean()) ? maximum - 1 : maximum);
	}

	private static boolean nullable(JsonNode schema) {
		JsonNode type = schema.get("type");
		return schema.path("nullable").asBoolean(false) || (type != null && type.isArray()
				&& type.valueStream().anyMatch((one) -> one.asString().equals("null")));
	}

	private static List<String> required(JsonNode schema) {
		List<String> required = new ArrayList<>();
		schema.path("required").forEach((name) -> required.add(name.asString()));
		return required;
	}

	private <T> T pick(List<T> choices) {
		return choices.get(this.random.nextInt(choices.size()));
	}

	private static String text(JsonNode value) {
		return value.isString() ? value.asString() : value.toString();
	}

	private static String encode(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
	}

}
