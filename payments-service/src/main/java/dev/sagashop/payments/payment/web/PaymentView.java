package dev.sagashop.payments.payment.web;

import java.time.Instant;
import java.util.UUID;

import dev.sagashop.payments.payment.Payment;

/**
 * A ledger row as the API shows it.
 */
record PaymentView(UUID id, UUID orderId, Payment.Type type, Payment.Status status, long amount, String currency,
		Instant createdAt) {

	static PaymentView of(Payment payment) {
		return new PaymentView(payment.getId(), payment.getOrderId(), payment.getType(), payment.getStatus(),
				payment.getAmount(), payment.getCurrency(), payment.getCreatedAt());
	}

}
