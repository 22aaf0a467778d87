package dev.sagashop.orders.order;

/**
 * Where an order stands: {@code PENDING} while its checkout runs, then {@code CONFIRMED}
 * or {@code REJECTED}; {@code CANCELLING} while a cancellation runs, then
 * {@code CANCELLED} (or {@code CONFIRMED} again when the parcel had already left).
 */
public enum OrderStatus {

	PENDING, CONFIRMED, REJECTED, CANCELLING, CANCELLED;

	/**
	 * Whether nothing is running on the order ({@code CONFIRMED} may still be cancelled).
	 */
	public boolean isFinal() {
		return this == CONFIRMED || this == REJECTED || this == CANCELLED;
	}

}
