package dev.sagashop.shipping.shipment;

import java.time.LocalDate;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The simulated carriers: a booking follows from the order id alone, and nobody delivers
 * to Antarctica.
 */
class CarrierTest {

	private static final LocalDate TODAY = LocalDate.of(2026, 12, 2);

	@Test
	void deliversEverywhereButAntarctica() {
		assertThat(Carrier.delivers("DE")).isTrue();
		assertThat(Carrier.delivers("US")).isTrue();
		assertThat(Carrier.delivers("AQ")).isFalse();
	}

	@Test
	void anOrderIsBookedTheSameEveryTime() {
		UUID order = UUID.fromString("0f8fad5b-d9cb-469f-a165-70867728950e");
		Carrier.Booking booking = Carrier.book(order, TODAY);
		assertThat(Carrier.book(order, TODAY)).isEqualTo(booking);
		assertThat(booking.trackingNumber()).isEqualTo(booking.carrier() + "-0F8FAD5BD9CB");
	}

	@Test
	void everyBookingIsWithAKnownCarrierAndDueInTwoToFiveDays() {
		Set<String> carriers = new HashSet<>();
		Set<LocalDate> days = new HashSet<>();
		for (int i = 0; i < 500; i++) {
			Carrier.Booking booking = Carrier.book(UUID.randomUUID(), TODAY);
			assertThat(booking.carrier()).isIn("DHL", "UPS", "GLS");
			assertThat(booking.trackingNumber()).matches(booking.carrier() + "-[0-9A-F]{12}");
			assertThat(booking.estimatedDelivery()).isBetween(TODAY.plusDays(2), TODAY.plusDays(5));
			carriers.add(booking.carrier());
			days.add(booking.estimatedDelivery());
		}
		assertThat(carriers).as("orders spread over the carriers").hasSize(3);
		assertThat(days).as("and over the days").hasSize(4);
	}

}
