package dev.sagashop.events;

import java.util.List;
import java.util.UUID;

/**
 * Reserve every line of the order, all or nothing.
 *
 * @param orderId the order
 * @param lines what to reserve
 */
public record ReserveStock(UUID orderId, List<Line> lines) implements Command {

	public ReserveStock {
		lines = List.copyOf(lines);
	}

	@Override
	public String topic() {
		return Topics.INVENTORY_COMMANDS;
	}

	/**
	 * One product and how many of it.
	 *
	 * @param sku the product
	 * @param quantity how many
	 */
	public record Line(String sku, int quantity) {
	}

}
