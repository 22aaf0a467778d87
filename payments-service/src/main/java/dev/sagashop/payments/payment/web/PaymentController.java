package dev.sagashop.payments.payment.web;

import java.util.List;
import java.util.UUID;

import dev.sagashop.platform.web.Caller;
import dev.sagashop.payments.payment.Payment;

import dev.sagashop.payments.payment.Payments;

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
@RequestMapping("/api/payments")
class PaymentController {

	private final Payments payments;

	PaymentController(Payments payments) {
		this.payments = payments;
	}

	/** Another customer's order is "not found" unless the caller is an admin. */
	@GetMapping
	List<PaymentView> byOrder(@RequestParam UUID orderId, Caller caller) {
		List<Payment> found = this.payments.findByOrderIdOrderByCreatedAt(orderId);
		if (found.stream().anyMatch((row) -> !caller.maySee(row.getCustomerId()))) {
			throw new ResponseStatusException(HttpStatus.NOT_FOUND, "No order " + orderId);
		}
		return found.stream().map(PaymentView::of).toList();
	}

}
