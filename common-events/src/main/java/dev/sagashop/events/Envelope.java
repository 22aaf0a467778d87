package dev.sagashop.events;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * The wrapper of every saga message on the wire; {@code orderId} is also the record key,
 * so one order's messages stay in one partition, in order.
 *
 * @param <T> the command, reply or event carried
 * @param messageId unique per message, the inbox's deduplication key; time-ordered when
 * {@link #of} makes it ({@link TimeOrderedIds})
 * @param orderId the order, which is also the saga's id
 * @param type the simple name of the payload's record
 * @param version the payload's schema version, raised on incompatible change only
 * @param occurredAt when the sender committed the message
 * @param correlationId the message this one answers, or the request that started it
 * @param payload the command, reply or event
 */
public record Envelope<T>(UUID messageId, UUID orderId, String type, int version, Instant occurredAt,
		String correlationId, T payload) {

	public Envelope {
		Objects.requireNonNull(messageId, "messageId");
		Objects.requireNonNull(orderId, "orderId");
		Objects.requireNonNull(type, "type");
		Objects.requireNonNull(occurredAt, "occurredAt");
		Objects.requireNonNull(payload, "payload");
		if (version < 1) {
			throw new IllegalArgumentException("version must be 1 or more, was " + version);
		}
	}

	/**
	 * Wraps a payload in a new envelope with a fresh message id.
	 * @param <T> the payload type
	 * @param orderId the order the message concerns
	 * @param correlationId what the message answers, may be {@code null}
	 * @param payload the record to send
	 * @return the envelope
	 */
	public static <T> Envelope<T> of(UUID orderId, String correlationId, T payload) {
		String type = payload.getClass().getSimpleName();
		return new Envelope<>(TimeOrderedIds.next(), orderId, type, MessageTypes.version(type), Instant.now(),
				correlationId, payload);
	}

	/**
	 * The record key to send this envelope with.
	 * @return the order id as a string
	 */
	public String key() {
		return this.orderId.toString();
	}

}
