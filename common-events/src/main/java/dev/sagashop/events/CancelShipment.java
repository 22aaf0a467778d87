package dev.sagashop.events;

import java.util.UUID;

/**
 * Cancel the order's shipment; if none was scheduled, make sure none will be.
 *
 * @param orderId the order
 */
public record CancelShipment(UUID orderId) implements Command {

	@Override
	public String topic() {
		return Topics.SHIPPING_COMMANDS;
	}

}
