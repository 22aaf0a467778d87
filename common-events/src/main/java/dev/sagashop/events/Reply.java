package dev.sagashop.events;

import java.util.UUID;

/**
 * A participant's answer to a command, or its news about an order the saga must know
 * ({@link ShipmentDispatched}), sent to {@link Topics#SAGA_REPLIES}; named in the past
 * tense.
 */
public sealed interface Reply permits PaymentCharged, PaymentDeclined, PaymentRefunded, StockReserved, StockUnavailable,
		StockReleased, ShipmentScheduled, ShipmentRefused, ShipmentCancelled, ShipmentDispatched {

	/**
	 * The order the reply concerns.
	 * @return the order (and saga) id
	 */
	UUID orderId();

}
