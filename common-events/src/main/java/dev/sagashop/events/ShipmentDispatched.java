package dev.sagashop.events;

import java.time.Instant;
import java.util.UUID;

/**
 * The carrier has collected the parcel: nothing about the order can be undone any more.
 * Sent when it happens (to {@link Topics#SAGA_REPLIES}, unasked), and as the answer to a
 * {@link CancelShipment} that came too late: then nothing was cancelled.
 *
 * @param orderId the order
 * @param shipmentId the shipment that left
 * @param dispatchedAt when the carrier collected it
 */
public record ShipmentDispatched(UUID orderId, UUID shipmentId, Instant dispatchedAt) implements Reply {
}
