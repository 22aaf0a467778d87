package dev.sagashop.shipping.shipment.web;

import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

import dev.sagashop.shipping.shipment.Shipment;
import io.swagger.v3.oas.annotations.media.Schema;

/**
 * A shipment as the API shows it: {@code collectionAt} is when the carrier collects it
 * (or collected it, then {@code dispatchedAt} says when it actually left).
 */
record ShipmentView(UUID id, UUID orderId, Shipment.Status status, String carrier, String trackingNumber,
		LocalDate estimatedDelivery, Instant collectionAt,
		@Schema(description = "when it left; null until it is dispatched", types = {
				"string", "null" }, format = "date-time") Instant dispatchedAt){

	static ShipmentView of(Shipment shipment) {
		return new ShipmentView(shipment.getId(), shipment.getOrderId(), shipment.getStatus(), shipment.getCarrier(),
				shipment.getTrackingNumber(), shipment.getEstimatedDelivery(), shipment.getCollectionAt(),
				shipment.getDispatchedAt());
	}

}
