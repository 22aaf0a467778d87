package dev.sagashop.events;

import java.util.UUID;

/**
 * The order's shipment, if there was one, is cancelled.
 *
 * @param orderId the order
 */
public record ShipmentCancelled(UUID orderId) implements Reply {
}
