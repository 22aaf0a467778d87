package dev.sagashop.inventory.stock;

import java.util.List;
import java.util.UUID;

import dev.sagashop.events.ReserveStock;
import dev.sagashop.inventory.catalog.Product;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * The stock's rules without a database: an order's lines are reserved all or nothing, a
 * product on two lines counts once with both quantities, and only a held reservation
 * gives its lines back.
 */
class StockRulesTest {

	private static final UUID ORDER = UUID.randomUUID();

	@Test
	void aProductOnSeveralLinesIsWantedOnceWithTheirSum() {
		WantedStock wanted = WantedStock.of(List.of(line("MUG-1", 1), line("CAP-1", 2), line("MUG-1", 3)));
		assertThat(wanted.skus()).containsExactly("CAP-1", "MUG-1");
		assertThat(wanted).hasToString("{CAP-1=2, MUG-1=4}");
	}

	@Test
	void aLineAsksForAtLeastOne() {
		assertThatIllegalArgumentException().isThrownBy(() -> WantedStock.of(List.of(line("MUG-1", 0))))
			.withMessageContaining("MUG-1");
	}

	@Test
	void namesEveryShortProductAndTheUnknownOnes() {
		WantedStock wanted = WantedStock.of(List.of(line("MUG-1", 4), line("CAP-1", 2), line("GONE-1", 1)));
		List<Product> products = List.of(product("MUG-1", 3), product("CAP-1", 2));
		assertThat(wanted.shortIn(products)).containsExactly("GONE-1", "MUG-1");
	}

	@Test
	void summedLinesCanBeShortWhereEachAloneIsNot() {
		WantedStock wanted = WantedStock.of(List.of(line("MUG-1", 2), line("MUG-1", 2)));
		assertThat(wanted.shortIn(List.of(product("MUG-1", 3)))).containsExactly("MUG-1");
	}

	@Test
	void takesEveryLineWhenNoneIsShort() {
		Product mug = product("MUG-1", 5);
		Product cap = product("CAP-1", 2);
		List<ReservedLine> held = WantedStock.of(List.of(line("MUG-1", 4), line("CAP-1", 2)))
			.takeFrom(List.of(mug, cap));
		assertThat(held).containsExactly(new ReservedLine("CAP-1", 2), new ReservedLine("MUG-1", 4));
		assertThat(mug.getAvailable()).isEqualTo(1);
		assertThat(cap.getAvailable()).isZero();
	}

	@Test
	void takesNothingWhenOneIsShort() {
		Product mug = product("MUG-1", 5);
		Product cap = product("CAP-1", 1);
		WantedStock wanted = WantedStock.of(List.of(line("MUG-1", 4), line("CAP-1", 2)));
		assertThatIllegalStateException().isThrownBy(() -> wanted.takeFrom(List.of(mug, cap)))
			.withMessageContaining("CAP-1");
		assertThat(mug.getAvailable()).isEqualTo(5);
		assertThat(cap.getAvailable()).isEqualTo(1);
	}

	@Test
	void aHeldReservationGivesEveryLineBackOnce() {
		Product mug = product("MUG-1", 1);
		Product cap = product("CAP-1", 0);
		StockReservation reservation = StockReservation.reserved(ORDER,
				List.of(new ReservedLine("CAP-1", 2), new ReservedLine("MUG-1", 4)));
		reservation.releaseInto(List.of(mug, cap));
		assertThat(reservation.getStatus()).isEqualTo(StockReservation.Status.RELEASED);
		assertThat(mug.getAvailable()).isEqualTo(5);
		assertThat(cap.getAvailable()).isEqualTo(2);
		assertThatIllegalStateException().isThrownBy(() -> reservation.releaseInto(List.of(mug, cap)))
			.withMessageContaining("RELEASED");
		assertThat(mug.getAvailable()).as("not given back twice").isEqualTo(5);
	}

	@Test
	void onlyAHeldReservationCanBeReleased() {
		for (StockReservation nothingHeld : List.of(StockReservation.refused(ORDER),
				StockReservation.cancelledBeforeReserved(ORDER))) {
			assertThatIllegalStateException().isThrownBy(() -> nothingHeld.releaseInto(List.of()))
				.withMessageContaining(nothingHeld.getStatus().name());
		}
	}

	@Test
	void aReleaseWithAProductMissingChangesNothing() {
		Product mug = product("MUG-1", 1);
		StockReservation reservation = StockReservation.reserved(ORDER,
				List.of(new ReservedLine("CAP-1", 2), new ReservedLine("MUG-1", 4)));
		assertThatIllegalStateException().isThrownBy(() -> reservation.releaseInto(List.of(mug)))
			.withMessageContaining("CAP-1");
		assertThat(mug.getAvailable()).isEqualTo(1);
		assertThat(reservation.getStatus()).isEqualTo(StockReservation.Status.RESERVED);
	}

	private static ReserveStock.Line line(String sku, int quantity) {
		return new ReserveStock.Line(sku, quantity);
	}

	private static Product product(String sku, int available) {
		return new Product(sku, sku, 100, "EUR", available);
	}

}
