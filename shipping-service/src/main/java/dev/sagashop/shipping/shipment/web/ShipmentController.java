package dev.sagashop.shipping.shipment.web;

import java.util.List;
import java.util.UUID;

import dev.sagashop.platform.web.Caller;
import dev.sagashop.shipping.shipment.Shipment;

import dev.sagashop.shipping.shipment.Shipments;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

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

	/** Another customer's order is "not found" unless the caller is an admin. */
	@GetMapping
	List<ShipmentView> byOrder(@RequestParam UUID orderId, Caller caller) {
		List<Shipment> found = this.shipments.findByOrderId(orderId);
		if (found.stream().anyMatch((row) -> !caller.maySee(row.getCustomerId()))) {
			throw new ResponseStatusException(HttpStatus.NOT_FOUND, "No order " + orderId);
		}
		return found.stream().map(ShipmentView::of).toList();
	}

}
