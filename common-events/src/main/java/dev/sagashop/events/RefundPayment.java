package dev.sagashop.events;

import java.util.UUID;

/**
 * Refund whatever was charged for the order; if nothing was, make sure nothing will be.
 *
 * @param orderId the order
 */
public record RefundPayment(UUID orderId) implements Command {

	@Override
	public String topic() {
		return Topics.PAYMENT_COMMANDS;
	}

}
