package dev.sagashop.shipping.shipment;

import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * The simulated carriers: where they deliver, and how they book an order. A booking
 * follows from the order id alone (the carrier, the tracking number and how many days the
 * delivery takes), so a repeated request is booked the same. Antarctica ({@code AQ}) is
 * never deliverable.
 */
public final class Carrier {

	static final String UNDELIVERABLE_COUNTRY = "AQ";

	private static final List<String> CARRIERS = List.of("DHL", "UPS", "GLS");

	private Carrier() {
	}

	/**
	 * Whether some carrier delivers to a country.
	 * @param country an ISO 3166-1 alpha-2 code
	 * @return {@code false} for Antarctica only
	 */
	public static boolean delivers(String country) {
		return !UNDELIVERABLE_COUNTRY.equals(country);
	}

	/**
	 * Books an order's delivery: one of DHL, UPS and GLS, a tracking number of the
	 * carrier's name and the order id's first twelve hex digits, due in two to five days.
	 * @param orderId the order
	 * @param today the day it is booked
	 * @return the booking
	 */
	public static Booking book(UUID orderId, LocalDate today) {
		int hash = Math.floorMod(orderId.hashCode(), 1_000_000);
		String carrier = CARRIERS.get(hash % CARRIERS.size());
		String tracking = carrier + "-" + orderId.toString().replace("-", "").substring(0, 12).toUpperCase(Locale.ROOT);
		return new Booking(carrier, tracking, today.plusDays(2 + hash % 4));
	}

	/**
	 * A carrier's booking of one order.
	 *
	 * @param carrier who delivers it
	 * @param trackingNumber how the customer follows it
	 * @param estimatedDelivery the day it is due
	 */
	public record Booking(String carrier, String trackingNumber, LocalDate estimatedDelivery) {
	}

}
