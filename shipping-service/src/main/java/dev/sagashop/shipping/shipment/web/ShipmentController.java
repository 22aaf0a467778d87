package dev.sagashop.shipping.shipment.web;

import java.util.List;
import java.util.UUID;

import dev.sagashop.platform.web.Caller;
import dev.sagashop.shipping.shipment.Dispatcher;
import dev.sagashop.shipping.shipment.Shipment;
import dev.sagashop.shipping.shipment.Shipments;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * Reads an order's shipments; an admin can hand one to the carrier early.
 */
@RestController
@RequestMapping("/api/shipments")
class ShipmentController {

	private final Shipments shipments;

	private final Dispatcher dispatcher;

	ShipmentController(Shipments shipments, Dispatcher dispatcher) {
		this.shipments = shipments;
		this.dispatcher = dispatcher;
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

	/**
	 * The carrier collects the shipment now (scope {@code admin}, checked by the access
	 * rules); a cancelled shipment cannot be dispatched.
	 */
	@PostMapping("/{id}/dispatch")
	ShipmentView dispatch(@PathVariable UUID id) {
		try {
			return this.dispatcher.dispatch(id)
				.map(ShipmentView::of)
				.orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "No shipment " + id));
		}
		catch (IllegalStateException ex) {
			throw new ResponseStatusException(HttpStatus.CONFLICT, ex.getMessage());
		}
	}

}
