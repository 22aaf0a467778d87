package dev.sagashop.events;

import java.util.UUID;

/**
 * No carrier delivers to that address; nothing was scheduled.
 *
 * @param orderId the order
 * @param reason why, for people
 */
public record ShipmentRefused(UUID orderId, String reason) implements Reply {
}
