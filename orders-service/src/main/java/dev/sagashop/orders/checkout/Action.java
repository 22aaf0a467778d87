package dev.sagashop.orders.checkout;

/**
 * A command the orchestrator sends: a step's action or a compensation.
 */
public enum Action {

	CHARGE_PAYMENT, RESERVE_STOCK, SCHEDULE_SHIPMENT, REFUND_PAYMENT, RELEASE_STOCK, CANCEL_SHIPMENT

}
