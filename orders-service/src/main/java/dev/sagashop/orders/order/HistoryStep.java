package dev.sagashop.orders.order;

/**
 * What part of an order a history entry is about: a step of its saga, or the customer's
 * cancellation.
 */
public enum HistoryStep {

	PAYMENT, STOCK, SHIPPING, CANCELLATION

}
