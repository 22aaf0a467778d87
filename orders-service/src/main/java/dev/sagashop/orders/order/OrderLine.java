package dev.sagashop.orders.order;

/**
 * One line of an order, priced from the catalogue at checkout (minor units).
 *
 * @param sku the product
 * @param quantity how many, 1 to 1000
 * @param unitPrice the catalogue price when the order was placed
 */
public record OrderLine(String sku, int quantity, long unitPrice) {

	public OrderLine {
		if (quantity < 1 || quantity > 1000) {
			throw new IllegalArgumentException("quantity must be 1..1000, was " + quantity);
		}
		if (unitPrice <= 0) {
			throw new IllegalArgumentException("unitPrice must be positive, was " + unitPrice);
		}
	}

	long amount() {
		return Math.multiplyExact(this.unitPrice, this.quantity);
	}

}
