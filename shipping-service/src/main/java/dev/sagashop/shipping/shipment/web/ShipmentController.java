package dev.sagashop.shipping.shipment.web;

import java.util.List;
import java.util.UUID;

import dev.sagashop.shipping.shipment.Shipments;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Reads an order's shipments.
 */
@RestController
@RequestMapping("/api/shipments")
class ShipmentController {

	private final Shipments shipments;

	ShipmentController(Shipments shipments) {
		this.shipments = shipments;
	}

	@GetMapping
	List<ShipmentView> byOrder(@RequestParam UUID orderId) {
		return this.shipments.findByOrderId(orderId).stream().map(ShipmentView::of).toList();
	}

}
