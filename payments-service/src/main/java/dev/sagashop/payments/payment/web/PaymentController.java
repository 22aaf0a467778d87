package dev.sagashop.payments.payment.web;

import java.util.List;
import java.util.UUID;

import dev.sagashop.payments.payment.Payments;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

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

	@GetMapping
	List<PaymentView> byOrder(@RequestParam UUID orderId) {
		return this.payments.findByOrderIdOrderByCreatedAt(orderId).stream().map(PaymentView::of).toList();
	}

}
