package dev.sagashop.events;

import java.util.UUID;

/**
 * Give back whatever was reserved for the order; if nothing was, make sure nothing will
 * be.
 *
 * @param orderId the order
 */
public record ReleaseStock(UUID orderId) implements Command {

	@Override
	public String topic() {
		return Topics.INVENTORY_COMMANDS;
	}

}
