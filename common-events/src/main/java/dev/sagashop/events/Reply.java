package dev.sagashop.events;

import java.util.UUID;

/**
 * A participant's answer to a command, sent to {@link Topics#SAGA_REPLIES}; named in the
 * past tense.
 */
public sealed interface Reply permits PaymentCharged, PaymentDeclined, PaymentRefunded, StockReserved, StockUnavailable,
		StockReleased, ShipmentScheduled, ShipmentRefused, ShipmentCancelled, ShipmentAlreadyDispatched {

	/**
	 * The order the reply concerns.
	 * @return the order (and saga) id
	 */
	UUID orderId();

}
