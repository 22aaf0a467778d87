package dev.sagashop.platform.messaging;

import java.util.UUID;

/**
 * One row of the outbox: a message committed with the state change that caused it.
 *
 * @param id the envelope's message id
 * @param topic where it goes
 * @param key its record key (the order id)
 * @param payload the envelope as JSON
 * @param traceContext the trace it belongs to ({@link TraceContexts#capture()}), or
 * {@code null}
 */
record OutboxMessage(UUID id, String topic, String key, String payload, String traceContext) {
}
