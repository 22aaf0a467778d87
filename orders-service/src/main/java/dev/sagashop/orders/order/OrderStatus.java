package dev.sagashop.orders.order;

/**
 * Where an order stands: {@code PENDING} while its saga runs, then final.
 */
public enum OrderStatus {

	PENDING, CONFIRMED, REJECTED

}
