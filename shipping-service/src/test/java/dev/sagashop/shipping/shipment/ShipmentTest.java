package dev.sagashop.shipping.shipment;

import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * A shipment's life: scheduled, then collected by the carrier or cancelled, never both.
 */
class ShipmentTest {

	private static final Instant NOW = Instant.parse("2026-12-02T10:15:30.123456789Z");

	@Test
	void isScheduledWhenNew() {
		Shipment shipment = scheduled();
		assertThat(shipment.getStatus()).isEqualTo(Shipment.Status.SCHEDULED);
		assertThat(shipment.getDispatchedAt()).isNull();
	}

	@Test
	void aScheduledShipmentCanBeCancelledAndCancellingTwiceChangesNothing() {
		Shipment shipment = scheduled();
		assertThat(shipment.cancel()).isTrue();
		assertThat(shipment.cancel()).isTrue();
		assertThat(shipment.getStatus()).isEqualTo(Shipment.Status.CANCELLED);
	}

	@Test
	void aCollectedShipmentCannotBeCancelled() {
		Shipment shipment = scheduled();
		shipment.dispatch(NOW);
		assertThat(shipment.cancel()).isFalse();
		assertThat(shipment.getStatus()).isEqualTo(Shipment.Status.DISPATCHED);
	}

	@Test
	void isDispatchedOnceAtTheMicrosecondTheDatabaseKeeps() {
		Shipment shipment = scheduled();
		assertThat(shipment.dispatch(NOW)).isTrue();
		assertThat(shipment.getDispatchedAt()).isEqualTo(Instant.parse("2026-12-02T10:15:30.123456Z"));
		assertThat(shipment.dispatch(NOW.plusSeconds(60))).as("dispatched again").isFalse();
		assertThat(shipment.getDispatchedAt()).isEqualTo(Instant.parse("2026-12-02T10:15:30.123456Z"));
	}

	@Test
	void aCancelledShipmentHasNothingToCollect() {
		Shipment shipment = scheduled();
		shipment.cancel();
		assertThatIllegalStateException().isThrownBy(() -> shipment.dispatch(NOW))
			.withMessageContaining("was cancelled");
		assertThat(shipment.getStatus()).isEqualTo(Shipment.Status.CANCELLED);
	}

	private static Shipment scheduled() {
		return new Shipment(UUID.randomUUID(), "alice", "DHL", "DHL-0F8FAD5BD9CB", LocalDate.of(2026, 12, 5), NOW,
				NOW.plusSeconds(300));
	}

}
