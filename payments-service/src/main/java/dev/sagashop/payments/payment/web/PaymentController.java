package dev.sagashop.payments.payment.web;

import java.util.List;
import java.util.UUID;

import dev.sagashop.payments.payment.Payment;
import dev.sagashop.payments.payment.Payments;
import dev.sagashop.platform.web.Caller;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * Reads an order's payment transactions.
 */
@RestController
@Tag(name = "payments", description = "The charges and refunds of an order")
@RequestMapping("/api/payments")
class PaymentController {

	private final Payments payments;

	PaymentController(Payments payments) {
		this.payments = payments;
	}

	/** Another customer's order is "not found" unless the caller is an admin. */
	@Operation(operationId = "listPayments", summary = "List an order's payments",
			description = "Its charge and refunds, oldest first. Another customer's order is not found (404 or an "
					+ "empty list), unless the caller is an admin.")
	@ApiResponse(responseCode = "404", description = "Another customer's order",
			content = @Content(mediaType = "application/problem+json",
					schema = @Schema(ref = "#/components/schemas/Problem")))
	@ApiResponse(responseCode = "200", description = "The order's payments")
	@GetMapping
	List<PaymentView> byOrder(@Parameter(description = "The order's id") @RequestParam UUID orderId, Caller caller) {
		List<Payment> found = this.payments.findByOrderIdOrderByCreatedAt(orderId);
		if (found.stream().anyMatch((row) -> !caller.maySee(row.getCustomerId()))) {
			throw new ResponseStatusException(HttpStatus.NOT_FOUND, "No order " + orderId);
		}
		return found.stream().map(PaymentView::of).toList();
	}

}
