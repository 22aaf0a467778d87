package dev.sagashop.events;

/**
 * Kafka topic names of the checkout saga: one command topic per participant, one reply
 * topic back to the orchestrator.
 */
public final class Topics {

	/** Commands to payments-service. */
	public static final String PAYMENT_COMMANDS = "sagashop.payments.commands";

	/** Commands to inventory-service. */
	public static final String INVENTORY_COMMANDS = "sagashop.inventory.commands";

	/** Commands to shipping-service. */
	public static final String SHIPPING_COMMANDS = "sagashop.shipping.commands";

	/** Replies of every participant, consumed by orders-service. */
	public static final String SAGA_REPLIES = "sagashop.saga.replies";

	private Topics() {
	}

}
