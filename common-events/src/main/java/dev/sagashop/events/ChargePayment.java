package dev.sagashop.events;

import java.util.UUID;

/**
 * Charge the order's total to the customer's card.
 *
 * @param orderId the order
 * @param customerId whose card it is
 * @param amount minor units
 * @param currency ISO 4217 code
 * @param cardToken the sandbox card token
 */
public record ChargePayment(UUID orderId, String customerId, long amount, String currency,
		String cardToken) implements Command {

	@Override
	public String topic() {
		return Topics.PAYMENT_COMMANDS;
	}

}
