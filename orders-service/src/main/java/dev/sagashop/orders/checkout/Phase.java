package dev.sagashop.orders.checkout;

/**
 * Where one order's saga stands: a step of the checkout, its compensation, a step of a
 * confirmed order's cancellation, or an outcome.
 */
public enum Phase {

	/** Steps of the checkout ({@link OrderSagas#CHECKOUT}). */
	CHARGING_PAYMENT, RESERVING_STOCK, SCHEDULING_SHIPMENT,

	/** Undoing what a checkout did, after a failure, a deadline or a cancellation. */
	COMPENSATING,

	/**
	 * Steps of the cancellation of a confirmed order ({@link OrderSagas#CANCELLATION}).
	 */
	CANCELLING_SHIPMENT, RELEASING_STOCK, REFUNDING_PAYMENT,

	/** Outcomes. A confirmed order can still be cancelled. */
	CONFIRMED, REJECTED, CANCELLED;

	public boolean isFinal() {
		return this == CONFIRMED || this == REJECTED || this == CANCELLED;
	}

}
