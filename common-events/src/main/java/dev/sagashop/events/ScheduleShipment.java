package dev.sagashop.events;

import java.util.UUID;

/**
 * Schedule the delivery of the order.
 *
 * @param orderId the order
 * @param customerId who ordered
 * @param address where to deliver
 */
public record ScheduleShipment(UUID orderId, String customerId, Address address) implements Command {

	@Override
	public String topic() {
		return Topics.SHIPPING_COMMANDS;
	}

	/**
	 * A delivery address.
	 *
	 * @param name the recipient
	 * @param line1 street and number
	 * @param city the city
	 * @param postalCode the postal code
	 * @param country ISO 3166-1 alpha-2 code
	 */
	public record Address(String name, String line1, String city, String postalCode, String country) {
	}

}
