package dev.sagashop.shipping.shipment.web;

import java.time.LocalDate;
import java.util.UUID;

import dev.sagashop.shipping.shipment.Shipment;

/**
 * A shipment as the API shows it.
 */
record ShipmentView(UUID id, UUID orderId, Shipment.Status status, String carrier, String trackingNumber,
		LocalDate estimatedDelivery) {

	static ShipmentView of(Shipment shipment) {
		return new ShipmentView(shipment.getId(), shipment.getOrderId(), shipment.getStatus(), shipment.getCarrier(),
				shipment.getTrackingNumber(), shipment.getEstimatedDelivery());
	}

}
