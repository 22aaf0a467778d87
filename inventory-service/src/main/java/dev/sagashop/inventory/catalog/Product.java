package dev.sagashop.inventory.catalog;

import java.time.Instant;
import java.util.Objects;

/**
 * A sellable item and how many of it can still be ordered. Price is in minor units of
 * {@code currency}. Only {@code available} ever changes, under the row's lock
 * ({@link Products#lockAll}).
 */
public class Product {

	private final String sku;

	private final String name;

	private final long price;

	private final String currency;

	private int available;

	private final Instant createdAt;

	/** A new product, not yet written. */
	public Product(String sku, String name, long price, String currency, int available) {
		this(sku, name, price, currency, available, Instant.now());
	}

	/** A product as written (read back by {@link Products}). */
	Product(String sku, String name, long price, String currency, int available, Instant createdAt) {
		if (price <= 0) {
			throw new IllegalArgumentException("price must be positive, was " + price);
		}
		if (available < 0) {
			throw new IllegalArgumentException("available must not be negative, was " + available);
		}
		this.sku = Objects.requireNonNull(sku, "sku");
		this.name = Objects.requireNonNull(name, "name");
		this.price = price;
		this.currency = Objects.requireNonNull(currency, "currency");
		this.available = available;
		this.createdAt = Objects.requireNonNull(createdAt, "createdAt");
	}

	/**
	 * Takes {@code quantity} out of what can be ordered.
	 * @param quantity how many
	 * @throws IllegalStateException when fewer are available: stock never goes negative
	 */
	public void reserve(int quantity) {
		if (quantity <= 0 || quantity > this.available) {
			throw new IllegalStateException(
					"Cannot reserve %d of %s, %d available".formatted(quantity, this.sku, this.available));
		}
		this.available -= quantity;
	}

	/**
	 * Gives back what a reservation took.
	 * @param quantity how many
	 */
	public void release(int quantity) {
		if (quantity <= 0) {
			throw new IllegalArgumentException("quantity must be positive, was " + quantity);
		}
		this.available += quantity;
	}

	/**
	 * Sets what can be ordered from now on (a stock count, a delivery).
	 * @param available the new figure
	 */
	public void restock(int available) {
		if (available < 0) {
			throw new IllegalArgumentException("available must not be negative, was " + available);
		}
		this.available = available;
	}

	public String getSku() {
		return this.sku;
	}

	public String getName() {
		return this.name;
	}

	public long getPrice() {
		return this.price;
	}

	public String getCurrency() {
		return this.currency;
	}

	public int getAvailable() {
		return this.available;
	}

	public Instant getCreatedAt() {
		return this.createdAt;
	}

}
