package dev.sagashop.systemtests;

import java.math.BigDecimal;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

import dev.sagashop.systemtests.ApiInputs.Operation;
import dev.sagashop.systemtests.ApiInputs.Parameter;
import dev.sagashop.systemtests.RawHttp.Response;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * Every {@code /api} exchange of the system tests checked against the API's one document
 * (the gateway's {@code /v3/api-docs}): the answer must be one its operation documents
 * (status, media type, body by its schema), and a request the server accepted must be one
 * the document allows (its required parameters there, every documented parameter and the
 * body as their schemas say). A request the document forbids may be sent on purpose (bad
 * input is tested too); it is only checked when the server took it.
 */
final class Exchanges {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

	private final List<Route> routes = new ArrayList<>();

	private final AtomicLong checked = new AtomicLong();

	private record Route(Pattern path, Operation operation) {
	}

	/**
	 * @param document the API's OpenAPI document
	 */
	Exchanges(JsonNode document) {
		for (Operation operation : ApiInputs.operations(document)) {
			String template = Pattern.quote(operation.path()).replaceAll("\\{[^}/]+}", "\\\\E[^/]+\\\\Q");
			this.routes.add(new Route(Pattern.compile(template), operation));
		}
	}

	/** How many exchanges were checked. */
	long checked() {
		return this.checked.get();
	}

	/** The number of operations documented. */
	int operations() {
		return this.routes.size();
	}

	/**
	 * What is wrong with one exchange by the document; {@code null} when nothing.
	 * @param method the request's method
	 * @param target its path and query, as sent (encoded)
	 * @param body its JSON body, or {@code null}
	 * @param response the answer
	 */
	String violation(String method, String target, String body, Response response) {
		this.checked.incrementAndGet();
		int query = target.indexOf('?');
		String path = (query < 0) ? target : target.substring(0, query);
		if (!path.startsWith("/api/")) {
			return null;
		}
		List<Operation> atPath = this.routes.stream()
			.filter((route) -> route.path().matcher(path).matches())
			.map(Route::operation)
			.toList();
		Optional<Operation> operation = atPath.stream().filter((op) -> op.method().equals(method)).findFirst();
		if (operation.isEmpty()) {
			int expected = atPath.isEmpty() ? 404 : 405;
			return (response.status() == expected || response.status() == 401) ? null
					: "no operation documents %s %s, yet it answered %d".formatted(method, path, response.status());
		}
		String answer = Answers.mismatch(operation.get(), response);
		if (answer != null) {
			return answer;
		}
		if (response.status() >= 200 && response.status() < 300) {
			return accepted(operation.get(), path, (query < 0) ? "" : target.substring(query + 1), body);
		}
		return null;
	}

	/** What the document forbids in a request the server accepted. */
	private static String accepted(Operation operation, String path, String query, String body) {
		Map<String, List<String>> values = parameters(query);
		String[] templateParts = operation.path().split("/");
		String[] pathParts = path.split("/");
		for (int i = 0; i < templateParts.length; i++) {
			if (templateParts[i].startsWith("{")) {
				values.put(templateParts[i].substring(1, templateParts[i].length() - 1), List.of(decode(pathParts[i])));
			}
		}
		for (Parameter parameter : operation.parameters()) {
			if (parameter.in().equals("header")) {
				continue;
			}
			List<String> given = values.get(parameter.name());
			if (given == null) {
				if (parameter.required()) {
					return "accepted without its required %s parameter %s".formatted(parameter.in(), parameter.name());
				}
				continue;
			}
			String refused = Answers.refused(operation.document(), parameter.schema(),
					node(operation, parameter.schema(), given));
			if (refused != null) {
				return "accepted %s=%s, which its schema refuses: %s".formatted(parameter.name(), given, refused);
			}
		}
		if (operation.body() != null && body != null) {
			JsonNode json;
			try {
				json = JSON.readTree(body);
			}
			catch (RuntimeException ex) {
				return "accepted a body that is no JSON";
			}
			String refused = Answers.refused(operation.document(), operation.body(), json);
			if (refused != null) {
				return "accepted a body its schema refuses: " + refused;
			}
		}
		else if (operation.body() != null && operation.bodyRequired()) {
			return "accepted without its required body";
		}
		return null;
	}

	/** A parameter's text as the JSON its schema describes (a number, a list...). */
	private static JsonNode node(Operation operation, JsonNode schema, List<String> given) {
		JsonNode resolved = ApiInputs.resolve(operation, schema);
		String type = ApiInputs.type(resolved);
		if (type.equals("array")) {
			ArrayNode array = NODES.arrayNode();
			given.forEach((value) -> array.add(node(operation, resolved.path("items"), List.of(value))));
			return array;
		}
		String value = given.get(0);
		try {
			return switch (type) {
				case "integer" -> NODES.numberNode(Long.parseLong(value));
				case "number" -> NODES.numberNode(new BigDecimal(value));
				case "boolean" -> value.equals("true") || value.equals("false")
						? NODES.booleanNode(Boolean.parseBoolean(value)) : NODES.stringNode(value);
				default -> NODES.stringNode(value);
			};
		}
		catch (NumberFormatException ex) {
			return NODES.stringNode(value);
		}
	}

	private static Map<String, List<String>> parameters(String query) {
		Map<String, List<String>> parameters = new LinkedHashMap<>();
		for (String pair : query.split("&")) {
			if (pair.isEmpty()) {
				continue;
			}
			int equals = pair.indexOf('=');
			String name = decode((equals < 0) ? pair : pair.substring(0, equals));
			String value = (equals < 0) ? "" : decode(pair.substring(equals + 1));
			parameters.computeIfAbsent(name, (key) -> new ArrayList<>()).add(value);
		}
		return parameters;
	}

	private static String decode(String text) {
		return URLDecoder.decode(text, StandardCharsets.UTF_8);
	}

}
