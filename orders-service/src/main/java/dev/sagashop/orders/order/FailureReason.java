package dev.sagashop.orders.order;

/**
 * Why an order was rejected.
 */
public enum FailureReason {

	PAYMENT_DECLINED, OUT_OF_STOCK, SHIPPING_UNAVAILABLE, TIMEOUT

}
