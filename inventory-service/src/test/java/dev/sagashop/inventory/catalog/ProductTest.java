package dev.sagashop.inventory.catalog;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * A product's stock never goes below zero, and only positive quantities move it.
 */
class ProductTest {

	@Test
	void aReservationTakesFromWhatIsAvailableDownToZero() {
		Product product = new Product("MUG-1", "Mug", 1299, "EUR", 3);
		product.reserve(2);
		product.reserve(1);
		assertThat(product.getAvailable()).isZero();
	}

	@Test
	void neverReservesMoreThanIsAvailable() {
		Product product = new Product("MUG-1", "Mug", 1299, "EUR", 3);
		assertThatIllegalStateException().isThrownBy(() -> product.reserve(4))
			.withMessage("Cannot reserve 4 of MUG-1, 3 available");
		assertThat(product.getAvailable()).isEqualTo(3);
	}

	@Test
	void reservesAndReleasesOnlyPositiveQuantities() {
		Product product = new Product("MUG-1", "Mug", 1299, "EUR", 3);
		assertThatIllegalStateException().isThrownBy(() -> product.reserve(0));
		assertThatIllegalStateException().isThrownBy(() -> product.reserve(-1));
		assertThatIllegalArgumentException().isThrownBy(() -> product.release(0));
		assertThat(product.getAvailable()).isEqualTo(3);
	}

	@Test
	void aReleaseGivesBack() {
		Product product = new Product("MUG-1", "Mug", 1299, "EUR", 3);
		product.reserve(2);
		product.release(2);
		assertThat(product.getAvailable()).isEqualTo(3);
	}

	@Test
	void aRestockSetsTheFigureAndNeverBelowZero() {
		Product product = new Product("MUG-1", "Mug", 1299, "EUR", 3);
		product.restock(10);
		assertThat(product.getAvailable()).isEqualTo(10);
		assertThatIllegalArgumentException().isThrownBy(() -> product.restock(-1));
		assertThat(product.getAvailable()).isEqualTo(10);
	}

	@Test
	void hasAPositivePriceAndNoNegativeStock() {
		assertThatIllegalArgumentException().isThrownBy(() -> new Product("MUG-1", "Mug", 0, "EUR", 3))
			.withMessageContaining("price");
		assertThatIllegalArgumentException().isThrownBy(() -> new Product("MUG-1", "Mug", 1299, "EUR", -1))
			.withMessageContaining("available");
	}

}
