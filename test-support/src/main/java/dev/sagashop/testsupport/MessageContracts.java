package dev.sagashop.testsupport;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;

import au.com.dius.pact.consumer.MessagePactBuilder;
import au.com.dius.pact.consumer.dsl.DslPart;
import au.com.dius.pact.consumer.dsl.LambdaDsl;
import au.com.dius.pact.consumer.dsl.LambdaDslObject;
import au.com.dius.pact.core.model.DefaultPactWriter;
import au.com.dius.pact.core.model.PactSpecVersion;
import au.com.dius.pact.core.model.messaging.Message;
import au.com.dius.pact.core.model.messaging.MessagePact;
import au.com.dius.pact.provider.MessageAndMetadata;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.fail;

/**
 * The saga's message contracts, as Pact message pacts (ADR 24): each consumer writes what
 * it needs of each message it reads ({@link #between}, {@link #envelope}); the pact is
 * committed under {@code contracts/} at the repository's root and compared with what the
 * consumer's test builds ({@link #assertCommitted}); each provider verifies the committed
 * pacts against the messages it really sends ({@link #sent}). docs/messages.md has the
 * rules.
 */
public final class MessageContracts {

	/**
	 * Where the committed pacts are, from a service module's directory (the tests'
	 * working directory); {@code @PactFolder} of every provider's test names it.
	 */
	public static final String DIRECTORY = "../contracts";

	/**
	 * Set to {@code true} to write the pacts the consumers build into {@link #DIRECTORY}.
	 */
	public static final String UPDATE_PROPERTY = "sagashop.contracts.update";

	static final String UUID_PATTERN = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";

	/** An instant as the services write it (ISO-8601, UTC). */
	public static final String INSTANT_PATTERN = "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,9})?Z";

	/** One order for every example, as in the message fixtures. */
	public static final UUID ORDER = UUID.fromString("0b7e1b8e-3f5a-4c2e-9d61-5a0c2f4e8a11");

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private MessageContracts() {
	}

	/**
	 * Starts a consumer's pact with one provider.
	 * @param consumer the service that reads the messages
	 * @param provider the service that sends them
	 * @return the builder, for {@link #expects}
	 */
	public static MessagePactBuilder between(String consumer, String provider) {
		return new MessagePactBuilder(PactSpecVersion.V3).consumer(consumer).hasPactWith(provider);
	}

	/**
	 * Adds one message the consumer reads: an envelope of a type at version 1, on a
	 * topic, keyed by its order id.
	 * @param pact the pact so far
	 * @param topic the topic the consumer reads it from
	 * @param type the payload's type, as the envelope names it
	 * @param payload what the consumer needs of the payload
	 * @return the pact with the message
	 */
	public static MessagePactBuilder expects(MessagePactBuilder pact, String topic, String type,
			Consumer<LambdaDslObject> payload) {
		return pact.expectsToReceive("a " + type + " on " + topic)
			.withMetadata((metadata) -> metadata.add("kafka_topic", topic)
				.matchRegex("kafka_key", UUID_PATTERN, ORDER.toString()))
			.withContent(envelope(type, payload));
	}

	/**
	 * The envelope's fields every consumer reads (its inbox key, the order, the type and
	 * version that choose the record) around the payload.
	 * @param type the payload's type
	 * @param payload what the consumer needs of the payload
	 * @return the body
	 */
	static DslPart envelope(String type, Consumer<LambdaDslObject> payload) {
		return LambdaDsl
			.newJsonBody(
					(envelope) -> envelope.uuid("messageId", UUID.fromString("00000000-0000-4000-8000-000000000001"))
						.uuid("orderId", ORDER)
						.stringValue("type", type)
						.numberValue("version", 1)
						.stringMatcher("occurredAt", INSTANT_PATTERN, "2026-12-02T10:15:30.123456Z")
						.object("payload", payload))
			.build();
	}

	/**
	 * Fails unless the committed pact is the one the consumer's test builds; writes it
	 * instead when {@value #UPDATE_PROPERTY} is {@code true}.
	 * @param pact the consumer's pact
	 */
	public static void assertCommitted(MessagePact pact) {
		String name = pact.getConsumer().getName() + "-" + pact.getProvider().getName() + ".json";
		Path file = Path.of(DIRECTORY, name);
		String built = write(pact);
		try {
			if (Boolean.getBoolean(UPDATE_PROPERTY)) {
				Files.writeString(file, built, StandardCharsets.UTF_8);
				return;
			}
			if (!Files.exists(file)) {
				fail("No committed contract contracts/%s: run this test with -D%s=true and commit the file", name,
						UPDATE_PROPERTY);
			}
			List<String> differences = new ArrayList<>();
			compare("", JSON.readTree(Files.readString(file)), JSON.readTree(built), differences);
			if (!differences.isEmpty()) {
				fail("""
						What %s expects of %s's messages is not the committed contract contracts/%s:
						  %s
						A consumer's new expectation is a change of contract: run this test with -D%s=true, commit \
						the file, and the provider's test checks it (docs/messages.md).""",
						pact.getConsumer().getName(), pact.getProvider().getName(), name,
						String.join("\n  ", differences), UPDATE_PROPERTY);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * A contract's message as one order's: its example with this order's id in the
	 * envelope and the payload, and a fresh message id.
	 * @param message the contract's message
	 * @param orderId the order
	 * @return the JSON to send
	 */
	public static String forOrder(Message message, UUID orderId) {
		ObjectNode envelope = (ObjectNode) JSON.readTree(message.contentsAsString());
		envelope.put("messageId", UUID.randomUUID().toString());
		envelope.put("orderId", orderId.toString());
		envelope.put("occurredAt", Instant.now().toString());
		((ObjectNode) envelope.required("payload")).put("orderId", orderId.toString());
		return envelope.toString();
	}

	/**
	 * The type a contract's message carries in its envelope.
	 * @param message the contract's message
	 * @return its type
	 */
	public static String typeOf(Message message) {
		return JSON.readTree(message.contentsAsString()).required("type").asString();
	}

	/**
	 * A record a provider really sent, as its tests hand it to Pact's verifier.
	 * @param record the record, read back from the broker
	 * @return its value, with its topic and key as metadata
	 */
	public static MessageAndMetadata sent(ConsumerRecord<String, String> record) {
		return new MessageAndMetadata(record.value().getBytes(StandardCharsets.UTF_8), Map.of("contentType",
				"application/json", "kafka_topic", record.topic(), "kafka_key", String.valueOf(record.key())));
	}

	private static String write(MessagePact pact) {
		StringWriter out = new StringWriter();
		try (PrintWriter writer = new PrintWriter(out)) {
			DefaultPactWriter.INSTANCE.writePact(pact, writer, PactSpecVersion.V3);
		}
		// The writer names its own version: a Pact upgrade is no change of contract.
		ObjectNode written = (ObjectNode) JSON.readTree(out.toString());
		((ObjectNode) written.required("metadata")).remove("pact-jvm");
		return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(written) + "\n";
	}

	/** Names each difference between two trees as a JSON pointer with both values. */
	private static void compare(String pointer, JsonNode committed, JsonNode built, List<String> differences) {
		if (committed.isObject() && built.isObject()) {
			List<String> names = new ArrayList<>(committed.propertyNames());
			built.propertyNames().stream().filter((name) -> !committed.has(name)).forEach(names::add);
			for (String name : names) {
				compare(pointer + "/" + name, committed.path(name), built.path(name), differences);
			}
		}
		else if (committed.isArray() && built.isArray() && committed.size() == built.size()) {
			for (int i = 0; i < committed.size(); i++) {
				compare(pointer + "/" + i, committed.get(i), built.get(i), differences);
			}
		}
		else if (!committed.equals(built)) {
			differences.add("%s: committed %s, expected now %s".formatted(pointer, shown(committed), shown(built)));
		}
	}

	private static String shown(JsonNode node) {
		return node.isMissingNode() ? "(nothing)" : node.toString();
	}

}
