package dev.sagashop.events;

import java.time.Instant;
import java.util.UUID;

/**
 * The answer to {@link CancelShipment} once the carrier has collected the parcel: nothing
 * was cancelled, and nothing can be.
 *
 * @param orderId the order
 * @param shipmentId the shipment that left
 * @param dispatchedAt when the carrier collected it
 */
public record ShipmentAlreadyDispatched(UUID orderId, UUID shipmentId, Instant dispatchedAt) implements Reply {
}
