package dev.sagashop.events;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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

	private static final Map<String, List<Class<?>>> MESSAGES = messagesByTopic();

	private Topics() {
	}

	/**
	 * The message types each saga topic carries, for the topics' documentation
	 * (AsyncAPI).
	 * @return each topic's types, the topics in the order above
	 */
	public static Map<String, List<Class<?>>> messages() {
		return MESSAGES;
	}

	private static Map<String, List<Class<?>>> messagesByTopic() {
		Map<String, List<Class<?>>> messages = new LinkedHashMap<>();
		messages.put(PAYMENT_COMMANDS, List.of(ChargePayment.class, RefundPayment.class));
		messages.put(INVENTORY_COMMANDS, List.of(ReserveStock.class, ReleaseStock.class));
		messages.put(SHIPPING_COMMANDS, List.of(ScheduleShipment.class, CancelShipment.class));
		messages.put(SAGA_REPLIES,
				List.of(PaymentCharged.class, PaymentDeclined.class, PaymentRefunded.class, StockReserved.class,
						StockUnavailable.class, StockReleased.class, ShipmentScheduled.class, ShipmentRefused.class,
						ShipmentCancelled.class, ShipmentDispatched.class));
		return Collections.unmodifiableMap(messages);
	}

}
