package dev.sagashop.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

import dev.sagashop.events.Envelope;
import dev.sagashop.events.MessageTypes;
import dev.sagashop.platform.messaging.MessageCodec;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every message as release 1 wrote it (common-events' {@code messages/v1} fixtures, never
 * regenerated), read and written with a service's own codec, so with the JSON settings
 * the service really runs with: what a rolling deploy puts between two releases.
 */
final class MessageFixtures {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private MessageFixtures() {
	}

	/**
	 * Checks that the codec reads every fixture, reads it as well with fields a later
	 * release adds, and still writes every field of it as it was written.
	 * @param codec the service's codec
	 */
	static void assertCompatible(MessageCodec codec) {
		for (String name : MessageTypes.names()) {
			String written = fixture(name);
			Envelope<?> read = codec.decode(written);
			assertThat(read.payload()).as(name).isInstanceOf(MessageTypes.byName(name).orElseThrow());

			JsonNode before = JSON.readTree(written);
			ObjectNode later = (ObjectNode) before.deepCopy();
			later.put("addedByALaterRelease", "envelope");
			((ObjectNode) later.required("payload")).putObject("addedByALaterRelease").put("nested", 1);
			assertThat(codec.decode(later.toString())).as("%s with fields a later release adds", name).isEqualTo(read);

			assertWritten(name, before, JSON.readTree(codec.encode(read)));
		}
	}

	/**
	 * Every field the previous release wrote is still written, with the same value: its
	 * consumers, still running, read it.
	 */
	private static void assertWritten(String where, JsonNode before, JsonNode now) {
		if (!before.isObject()) {
			assertThat(now).as(where).isEqualTo(before);
			return;
		}
		// A field no longer written is a missing node, equal to no written value.
		before.propertyNames()
			.forEach((field) -> assertWritten(where + "." + field, before.get(field), now.path(field)));
	}

	private static String fixture(String name) {
		try (InputStream in = MessageFixtures.class.getResourceAsStream("/messages/v1/" + name + ".json")) {
			assertThat(in).as("the fixture of %s (common-events/src/test/resources/messages/v1)", name).isNotNull();
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
