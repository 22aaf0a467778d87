package dev.sagashop.events;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Every message as release 1 writes it ({@code src/test/resources/messages/v1}, written
 * once and never regenerated) must stay readable by every later release: a later record
 * may add fields, never remove, rename or retype one. docs/messages.md has the rules.
 */
class MessageEvolutionTest {

	static final String FIXTURES = "/messages/v1/";

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@Test
	void hasAFixtureOfEveryMessageType() {
		List<String> missing = MessageTypes.names()
			.stream()
			.filter((name) -> MessageEvolutionTest.class.getResource(FIXTURES + name + ".json") == null)
			.sorted()
			.toList();
		assertThat(missing)
			.as("message types without a fixture in common-events/src/test/resources%s: add one, as this release "
					+ "writes the message (MessageCodec.encode), and never change it afterwards", FIXTURES)
			.isEmpty();
	}

	@Test
	void readsEveryFieldThePreviousReleasesWrote() {
		List<String> broken = new ArrayList<>();
		for (String name : MessageTypes.names()) {
			fixture(name).ifPresent((envelope) -> {
				ObjectNode envelopeFields = (ObjectNode) envelope.deepCopy();
				envelopeFields.remove("payload");
				compare(name + "'s envelope", envelopeFields, Envelope.class, broken);
				Class<?> type = MessageTypes.byName(name).orElseThrow();
				compare(name, envelope.required("payload"), type, broken);
			});
		}
		if (!broken.isEmpty()) {
			fail("A consumer of this release could not read what the previous release still sends during a rolling "
					+ "deploy:\n  " + String.join("\n  ", broken)
					+ "\nAdd fields, never remove, rename or retype one; an incompatible change is a new version "
					+ "of the message (docs/messages.md).");
		}
	}

	@Test
	void writesTheVersionEveryFixtureCarries() {
		for (String name : MessageTypes.names()) {
			fixture(name)
				.ifPresent((envelope) -> assertThat(envelope.required("version").asInt()).as("%s's version", name)
					.isLessThanOrEqualTo(MessageTypes.version(name)));
		}
	}

	/** Each field of the written JSON must still be a component of a matching kind. */
	private static void compare(String where, JsonNode written, Class<?> type, List<String> broken) {
		Map<String, RecordComponent> components = Arrays.stream(type.getRecordComponents())
			.collect(Collectors.toMap(RecordComponent::getName, (component) -> component));
		written.propertyNames().forEach((field) -> {
			RecordComponent component = components.get(field);
			JsonNode value = written.get(field);
			if (component == null) {
				broken.add("%s: field '%s' is gone from %s".formatted(where, field, type.getSimpleName()));
			}
			else {
				check(where + "." + field, value, component.getType(), component.getGenericType(), broken);
			}
		});
	}

	private static void check(String where, JsonNode value, Class<?> type, Type generic, List<String> broken) {
		if (value.isNull()) {
			return;
		}
		if (!readsAs(value, type)) {
			broken.add("%s was written as %s, which a %s cannot hold".formatted(where, value, type.getSimpleName()));
		}
		else if (type.isRecord()) {
			compare(where, value, type, broken);
		}
		else if (type == List.class && generic instanceof ParameterizedType list
				&& list.getActualTypeArguments()[0] instanceof Class<?> element) {
			value.forEach((item) -> check(where + "[]", item, element, element, broken));
		}
	}

	/** Whether a value as written still reads as the component's type. */
	private static boolean readsAs(JsonNode value, Class<?> type) {
		if (type == String.class) {
			return value.isString();
		}
		if (type == UUID.class || type == Instant.class || type == LocalDate.class) {
			return value.isString() && parses(value.asString(), type);
		}
		if (type == int.class || type == Integer.class) {
			return value.isIntegralNumber() && value.canConvertToInt();
		}
		if (type == long.class || type == Long.class) {
			return value.isIntegralNumber() && value.canConvertToLong();
		}
		if (type == boolean.class || type == Boolean.class) {
			return value.isBoolean();
		}
		return (List.class.isAssignableFrom(type) && value.isArray()) || (type.isRecord() && value.isObject());
	}

	private static boolean parses(String text, Class<?> type) {
		try {
			if (type == UUID.class) {
				UUID.fromString(text);
			}
			else if (type == Instant.class) {
				Instant.parse(text);
			}
			else {
				LocalDate.parse(text);
			}
			return true;
		}
		catch (RuntimeException ex) {
			return false;
		}
	}

	private static Optional<JsonNode> fixture(String name) {
		try (InputStream in = MessageEvolutionTest.class.getResourceAsStream(FIXTURES + name + ".json")) {
			return in == null ? Optional.empty() : Optional.of(JSON.readTree(in));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
