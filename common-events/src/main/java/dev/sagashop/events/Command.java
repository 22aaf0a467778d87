package dev.sagashop.events;

import java.util.UUID;

/**
 * An instruction from the orchestrator to one participant; named in the imperative.
 */
public sealed interface Command
		permits ChargePayment, RefundPayment, ReserveStock, ReleaseStock, ScheduleShipment, CancelShipment {

	/**
	 * The order the command concerns.
	 * @return the order (and saga) id
	 */
	UUID orderId();

	/**
	 * The topic of the participant that handles this command.
	 * @return a topic of {@link Topics}
	 */
	String topic();

}
