package dev.sagashop.shipping.shipment.web;

import java.util.List;
import java.util.UUID;

import dev.sagashop.platform.web.Caller;
import dev.sagashop.shipping.shipment.Dispatcher;
import dev.sagashop.shipping.shipment.Shipment;
import dev.sagashop.shipping.shipment.Shipments;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

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
@Tag(name = "shipments", description = "Deliveries of confirmed orders, and their dispatch")
@RequestMapping("/api/shipments")
class ShipmentController {

	private final Shipments shipments;

	private final Dispatcher dispatcher;

	ShipmentController(Shipments shipments, Dispatcher dispatcher) {
		this.shipments = shipments;
		this.dispatcher = dispatcher;
	}

	/** Another customer's order is "not found" unless the caller is an admin. */
	@Operation(operationId = "listShipments", summary = "List an order's shipments",
			description = "At most one: its carrier, tracking number, estimated delivery, when the carrier collects "
					+ "it and, once it left, when. Another customer's order is not found, unless the caller is an admin.")
	@ApiResponse(responseCode = "404", description = "Another customer's order",
			content = @Content(mediaType = "application/problem+json",
					schema = @Schema(ref = "#/components/schemas/Problem")))
	@ApiResponse(responseCode = "200", description = "The order's shipments")
	@GetMapping
	List<ShipmentView> byOrder(@Parameter(description = "The order's id") @RequestParam UUID orderId, Caller caller) {
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
	@Operation(operationId = "dispatchShipment", summary = "Dispatch a shipment now",
			description = "Scope admin. The carrier collects the shipment before its collection time; the order can "
					+ "then no longer be cancelled. Dispatching again changes nothing.")
	@ApiResponse(responseCode = "409", description = "The shipment was cancelled",
			content = @Content(mediaType = "application/problem+json",
					schema = @Schema(ref = "#/components/schemas/Problem")))
	@ApiResponse(responseCode = "200", description = "The shipment, DISPATCHED")
	@PostMapping("/{id}/dispatch")
	ShipmentView dispatch(@Parameter(description = "The shipment's id") @PathVariable UUID id) {
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
