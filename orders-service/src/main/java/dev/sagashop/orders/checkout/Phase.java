package dev.sagashop.orders.checkout;

/**
 * Where one order's checkout saga stands.
 */
public enum Phase {

	CHARGING_PAYMENT, RESERVING_STOCK, SCHEDULING_SHIPMENT, COMPENSATING, CONFIRMED, REJECTED;

	public boolean isFinal() {
		return this == CONFIRMED || this == REJECTED;
	}

}
