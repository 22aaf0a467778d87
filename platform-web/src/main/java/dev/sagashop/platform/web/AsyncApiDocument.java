package dev.sagashop.platform.web;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.github.victools.jsonschema.generator.Option;
import com.github.victools.jsonschema.generator.OptionPreset;
import com.github.victools.jsonschema.generator.SchemaGenerator;
import com.github.victools.jsonschema.generator.SchemaGeneratorConfigBuilder;
import com.github.victools.jsonschema.generator.SchemaVersion;
import dev.sagashop.events.Command;
import dev.sagashop.events.MessageTypes;
import dev.sagashop.events.Topics;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A service's saga topics as an AsyncAPI 3.0 document, generated from the code: the
 * topics its Kafka listeners read, the messages it sends, and the dead-letter topics it
 * writes; every message's envelope and payload as JSON Schema (victools, from
 * common-events' records), its key and its headers. Served at {@code /asyncapi}
 * ({@link AsyncApiEndpoint}); ADR 25.
 */
public final class AsyncApiDocument {

	static final String KAFKA_BINDING = "0.5.0";

	static final String DEAD_LETTER = "DeadLetter";

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final SchemaGenerator SCHEMAS = schemaGenerator();

	private AsyncApiDocument() {
	}

	/**
	 * The document of one service.
	 * @param service the service's name (its consumer group too)
	 * @param broker the Kafka bootstrap address it is configured with
	 * @param receives the topics its listeners read
	 * @param sends the message types it sends
	 * @param partitions the partitions of each saga topic
	 * @return the document
	 */
	public static ObjectNode of(String service, String broker, Collection<String> receives, Collection<String> sends,
			int partitions) {
		for (String type : sends) {
			if (MessageTypes.byName(type).isEmpty()) {
				throw new IllegalArgumentException("sagashop.messaging.sends names " + type + ", which is no message");
			}
		}
		ObjectNode document = JSON.createObjectNode();
		document.put("asyncapi", "3.0.0");
		document.putObject("info")
			.put("title", "sagashop " + service + " messages")
			.put("version", "v1")
			.put("description",
					"The Kafka topics " + service + " reads and writes in the checkout saga. "
							+ "Every message is a JSON envelope around one command or reply, keyed by its order id; "
							+ "the envelope's type and version choose the payload's record. How a message may change: "
							+ "docs/messages.md.");
		document.put("defaultContentType", "application/json");
		document.putObject("servers")
			.putObject("kafka")
			.put("host", broker)
			.put("protocol", "kafka")
			.put("description", "The broker this instance is configured with (spring.kafka.bootstrap-servers).");
		ObjectNode channels = document.putObject("channels");
		ObjectNode operations = document.putObject("operations");
		Map<String, List<String>> sent = byTopic(sends);
		Set<String> used = new LinkedHashSet<>();
		for (String topic : Topics.messages().keySet()) {
			List<String> received = receives.contains(topic) ? names(Topics.messages().get(topic)) : List.of();
			List<String> written = sent.getOrDefault(topic, List.of());
			if (received.isEmpty() && written.isEmpty()) {
				continue;
			}
			List<String> carried = new ArrayList<>(new LinkedHashSet<>(received));
			written.stream().filter((type) -> !carried.contains(type)).forEach(carried::add);
			channel(channels, topic, carried, partitions);
			used.addAll(carried);
			if (!received.isEmpty()) {
				ObjectNode operation = operation(operations, "receive", topic, received);
				operation.putObject("bindings")
					.putObject("kafka")
					.put("bindingVersion", KAFKA_BINDING)
					.putObject("groupId")
					.put("type", "string")
					.putArray("enum")
					.add(service);
				String deadLetters = topic + ".DLT";
				channel(channels, deadLetters, List.of(DEAD_LETTER), 1).put("description",
						"What " + service + " gave up on from " + topic + ", as it was read: after "
								+ "sagashop.messaging.retries redeliveries, or at once when malformed.");
				operation(operations, "send", deadLetters, List.of(DEAD_LETTER));
				used.add(DEAD_LETTER);
			}
			if (!written.isEmpty()) {
				operation(operations, "send", topic, written);
			}
		}
		components(document.putObject("components"), used);
		return document;
	}

	private static Map<String, List<String>> byTopic(Collection<String> sends) {
		Map<String, List<String>> byTopic = new LinkedHashMap<>();
		Topics.messages()
			.forEach((topic, types) -> names(types).stream()
				.filter(sends::contains)
				.forEach((type) -> byTopic.computeIfAbsent(topic, (key) -> new ArrayList<>()).add(type)));
		return byTopic;
	}

	private static List<String> names(List<Class<?>> types) {
		return types.stream().map(Class::getSimpleName).toList();
	}

	/**
	 * A channel's id: the topic's name in camel case ({@code sagashop.saga.replies}:
	 * sagaReplies).
	 */
	static String id(String topic) {
		String[] words = topic.replaceFirst("^sagashop\\.", "").split("\\.");
		StringBuilder id = new StringBuilder(words[0]);
		for (int i = 1; i < words.length; i++) {
			id.append(Character.toUpperCase(words[i].charAt(0))).append(words[i].substring(1).toLowerCase());
		}
		return id.toString();
	}

	private static ObjectNode channel(ObjectNode channels, String topic, List<String> types, int partitions) {
		ObjectNode channel = channels.putObject(id(topic));
		channel.put("address", topic);
		channel.put("description", describe(topic));
		ObjectNode messages = channel.putObject("messages");
		types.forEach((type) -> messages.putObject(type).put("$ref", "#/components/messages/" + type));
		channel.putObject("bindings")
			.putObject("kafka")
			.put("topic", topic)
			.put("partitions", partitions)
			.put("bindingVersion", KAFKA_BINDING);
		return channel;
	}

	private static String describe(String topic) {
		if (topic.equals(Topics.SAGA_REPLIES)) {
			return "Every participant's replies, read by orders-service.";
		}
		return "Commands of the checkout saga's orchestrator (orders-service) to " + topic.split("\\.")[1]
				+ "-service.";
	}

	private static ObjectNode operation(ObjectNode operations, String action, String topic, List<String> types) {
		ObjectNode operation = operations
			.putObject(action + Character.toUpperCase(id(topic).charAt(0)) + id(topic).substring(1));
		operation.put("action", action);
		operation.putObject("channel").put("$ref", "#/channels/" + id(topic));
		operation.put("summary", ("receive".equals(action) ? "Reads " : "Writes ") + String.join(", ", types)
				+ ("receive".equals(action) ? " from " : " to ") + topic + ".");
		ArrayNode messages = operation.putArray("messages");
		types.forEach((type) -> messages.addObject().put("$ref", "#/channels/" + id(topic) + "/messages/" + type));
		return operation;
	}

	private static void components(ObjectNode components, Set<String> types) {
		ObjectNode messages = components.putObject("messages");
		ObjectNode schemas = components.putObject("schemas");
		for (String type : types) {
			if (DEAD_LETTER.equals(type)) {
				deadLetter(messages, schemas);
				continue;
			}
			Class<?> record = MessageTypes.byName(type).orElseThrow();
			ObjectNode message = messages.putObject(type);
			message.put("name", type);
			message.put("title", type + " v" + MessageTypes.version(type));
			message.put("summary",
					(Command.class.isAssignableFrom(record) ? "Command " : "Reply ") + type + ", in its envelope.");
			message.put("contentType", "application/json");
			message.putObject("headers").put("$ref", "#/components/schemas/Headers");
			message.putObject("payload").put("$ref", "#/components/schemas/" + type + "Envelope");
			message.putObject("bindings").set("kafka", key());
			schemas.set(type + "Envelope", envelope(type));
			schemas.set(type, JSON.readTree(SCHEMAS.generateSchema(record).toString()));
		}
		schemas.set("Headers", headers(false));
	}

	private static ObjectNode key() {
		ObjectNode kafka = JSON.createObjectNode();
		kafka.putObject("key")
			.put("type", "string")
			.put("format", "uuid")
			.put("description", "The order's id: one order's messages stay in one partition, in order.");
		kafka.put("bindingVersion", KAFKA_BINDING);
		return kafka;
	}

	private static ObjectNode envelope(String type) {
		ObjectNode envelope = JSON.createObjectNode();
		envelope.put("type", "object");
		envelope.putArray("required")
			.add("messageId")
			.add("orderId")
			.add("type")
			.add("version")
			.add("occurredAt")
			.add("payload");
		ObjectNode properties = envelope.putObject("properties");
		properties.putObject("messageId")
			.put("type", "string")
			.put("format", "uuid")
			.put("description", "Unique per message: the consumer's inbox drops a second delivery by it.");
		properties.putObject("orderId")
			.put("type", "string")
			.put("format", "uuid")
			.put("description", "The order, which is the saga's id and the record's key.");
		properties.putObject("type").put("const", type).put("description", "The payload's record.");
		properties.putObject("version")
			.put("type", "integer")
			.put("minimum", 1)
			.put("maximum", MessageTypes.version(type))
			.put("description", "The payload's schema version; raised only on an incompatible change. "
					+ "A newer one than a consumer reads is dead-lettered, not misread.");
		properties.putObject("occurredAt")
			.put("type", "string")
			.put("format", "date-time")
			.put("description", "When the sender committed the message.");
		ObjectNode correlation = properties.putObject("correlationId");
		correlation.putArray("type").add("string").add("null");
		correlation.put("description", "The message this one answers, or the request that started it.");
		properties.putObject("payload").put("$ref", "#/components/schemas/" + type);
		return envelope;
	}

	private static ObjectNode headers(boolean deadLetter) {
		ObjectNode headers = JSON.createObjectNode();
		headers.put("type", "object");
		ObjectNode properties = headers.putObject("properties");
		properties.putObject("traceparent")
			.put("type", "string")
			.put("pattern", "^[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$")
			.put("description", "W3C trace context of the work that sent it: the consumer's span joins "
					+ "that trace (one trace per checkout).");
		properties.putObject("tracestate").put("type", "string").put("description", "W3C trace state, if any.");
		if (deadLetter) {
			for (String header : List.of("original-topic", "original-partition", "original-offset",
					"original-timestamp", "exception-fqcn", "exception-message", "exception-stacktrace")) {
				properties.putObject("kafka_dlt-" + header)
					.put("type", "string")
					.put("description", "Spring Kafka's dead-letter header (" + header.replace('-', ' ') + ").");
			}
		}
		return headers;
	}

	private static void deadLetter(ObjectNode messages, ObjectNode schemas) {
		ObjectNode message = messages.putObject(DEAD_LETTER);
		message.put("name", DEAD_LETTER);
		message.put("title", "A dead-lettered message");
		message.put("summary", "A record given up on, as it was read, with why and where it came from.");
		message.put("contentType", "application/json");
		message.putObject("headers").put("$ref", "#/components/schemas/DeadLetterHeaders");
		message.putObject("payload")
			.put("description",
					"The record's value as it was read: usually an envelope, but any text when it " + "was malformed.");
		schemas.set("DeadLetterHeaders", headers(true));
	}

	private static SchemaGenerator schemaGenerator() {
		SchemaGeneratorConfigBuilder config = new SchemaGeneratorConfigBuilder(SchemaVersion.DRAFT_7,
				OptionPreset.PLAIN_JSON)
			.with(Option.INLINE_ALL_SCHEMAS, Option.EXTRA_OPEN_API_FORMAT_VALUES)
			.without(Option.SCHEMA_VERSION_INDICATOR);
		// A record's every component is written, none is null.
		config.forFields().withRequiredCheck((field) -> true);
		return new SchemaGenerator(config.build());
	}

}
