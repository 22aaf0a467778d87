package dev.sagashop.orders.order;

/**
 * What happened in a step of an order's history: a participant's answer ({@code CHARGED},
 * {@code UNAVAILABLE}, ...), a deadline that passed ({@code TIMED_OUT}), or the
 * customer's request ({@code REQUESTED}).
 */
public enum HistoryOutcome {

	CHARGED, DECLINED, REFUNDED, RESERVED, UNAVAILABLE, RELEASED, SCHEDULED, REFUSED, CANCELLED, DISPATCHED, TIMED_OUT,
	REQUESTED

}
