package dev.sagashop.platform.messaging;

import dev.sagashop.events.Envelope;
import dev.sagashop.events.MessageTypes;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Envelopes to and from JSON; the payload's record type comes from the envelope's
 * {@code type}.
 */
public class MessageCodec {

	private final JsonMapper json;

	/**
	 * A codec with the application's JSON settings, but always a tolerant reader: a field
	 * this release does not know is one a later release added (docs/messages.md),
	 * whatever the application asks of its HTTP input.
	 * @param json the application's mapper
	 */
	public MessageCodec(JsonMapper json) {
		this.json = json.rebuild().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();
	}

	public String encode(Envelope<?> envelope) {
		return this.json.writeValueAsString(envelope);
	}

	/**
	 * Reads an envelope and its payload.
	 * @param text the JSON
	 * @return the envelope
	 * @throws MalformedMessageException when the text is no envelope of a known type, or
	 * of a version newer than this release reads; retrying cannot help such a message (a
	 * later release can take it from the dead letters)
	 */
	public Envelope<?> decode(String text) {
		try {
			JsonNode node = this.json.readTree(text);
			String type = node.path("type").asString("");
			Class<?> payloadType = MessageTypes.byName(type)
				.orElseThrow(() -> new MalformedMessageException("Unknown message type '" + type + "'"));
			int version = node.path("version").asInt(0);
			if (version > MessageTypes.version(type)) {
				throw new MalformedMessageException("%s version %d is newer than this release reads (%d): a later "
					.formatted(type, version, MessageTypes.version(type))
						+ "release sent it after an incompatible change (docs/messages.md)");
			}
			Object payload = this.json.treeToValue(node.required("payload"), payloadType);
			Envelope<?> envelope = this.json.treeToValue(node, Envelope.class);
			return new Envelope<>(envelope.messageId(), envelope.orderId(), type, envelope.version(),
					envelope.occurredAt(), envelope.correlationId(), payload);
		}
		catch (JacksonException | IllegalArgumentException | NullPointerException ex) {
			throw new MalformedMessageException("Not a readable envelope: " + ex.getMessage(), ex);
		}
	}

	/**
	 * A message that can never be handled: it goes to the dead-letter topic at once.
	 */
	public static class MalformedMessageException extends RuntimeException {

		public MalformedMessageException(String message) {
			super(message);
		}

		MalformedMessageException(String message, Throwable cause) {
			super(message, cause);
		}

	}

}
