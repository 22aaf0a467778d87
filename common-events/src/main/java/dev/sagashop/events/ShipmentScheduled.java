package dev.sagashop.events;

import java.time.LocalDate;
import java.util.UUID;

/**
 * A carrier will deliver the order.
 *
 * @param orderId the order
 * @param shipmentId the shipment
 * @param carrier the carrier's name
 * @param trackingNumber the carrier's tracking number
 * @param estimatedDelivery when it should arrive
 */
public record ShipmentScheduled(UUID orderId, UUID shipmentId, String carrier, String trackingNumber,
		LocalDate estimatedDelivery) implements Reply {
}
