package dev.sagashop.platform.messaging;

import java.util.UUID;

/**
 * One row of the outbox: a message committed with the state change that caused it.
 *
 * @param id the envelope's message id
 * @param topic where it goes
 * @param key its record key (the order id)
 * @param payload the envelope as JSON
 */
record OutboxMessage(UUID id, String topic, String key, String payload) {
}
