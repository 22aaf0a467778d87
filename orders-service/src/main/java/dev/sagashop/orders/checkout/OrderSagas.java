package dev.sagashop.orders.checkout;

import java.util.List;

import dev.sagashop.events.PaymentCharged;
import dev.sagashop.events.PaymentDeclined;
import dev.sagashop.events.PaymentRefunded;
import dev.sagashop.events.ShipmentCancelled;
import dev.sagashop.events.ShipmentDispatched;
import dev.sagashop.events.ShipmentRefused;
import dev.sagashop.events.ShipmentScheduled;
import dev.sagashop.events.StockReleased;
import dev.sagashop.events.StockReserved;
import dev.sagashop.events.StockUnavailable;
import dev.sagashop.orders.checkout.Transition.HistoryNote;
import dev.sagashop.orders.order.HistoryStep;

import static dev.sagashop.orders.checkout.Action.CANCEL_SHIPMENT;
import static dev.sagashop.orders.checkout.Action.CHARGE_PAYMENT;
import static dev.sagashop.orders.checkout.Action.REFUND_PAYMENT;
import static dev.sagashop.orders.checkout.Action.RELEASE_STOCK;
import static dev.sagashop.orders.checkout.Action.RESERVE_STOCK;
import static dev.sagashop.orders.checkout.Action.SCHEDULE_SHIPMENT;
import static dev.sagashop.orders.checkout.SagaStep.step;
import static dev.sagashop.orders.order.FailureReason.OUT_OF_STOCK;
import static dev.sagashop.orders.order.FailureReason.PAYMENT_DECLINED;
import static dev.sagashop.orders.order.FailureReason.SHIPPING_UNAVAILABLE;
import static dev.sagashop.orders.order.HistoryOutcome.CANCELLED;
import static dev.sagashop.orders.order.HistoryOutcome.CHARGED;
import static dev.sagashop.orders.order.HistoryOutcome.DECLINED;
import static dev.sagashop.orders.order.HistoryOutcome.REFUNDED;
import static dev.sagashop.orders.order.HistoryOutcome.REFUSED;
import static dev.sagashop.orders.order.HistoryOutcome.RELEASED;
import static dev.sagashop.orders.order.HistoryOutcome.REQUESTED;
import static dev.sagashop.orders.order.HistoryOutcome.RESERVED;
import static dev.sagashop.orders.order.HistoryOutcome.SCHEDULED;
import static dev.sagashop.orders.order.HistoryOutcome.UNAVAILABLE;
import static dev.sagashop.orders.order.HistoryStep.PAYMENT;
import static dev.sagashop.orders.order.HistoryStep.SHIPPING;
import static dev.sagashop.orders.order.HistoryStep.STOCK;

/**
 * The two sagas of an order, each one definition in the same form; {@link SagaDecisions}
 * runs both.
 */
final class OrderSagas {

	/**
	 * The checkout: charge, reserve, schedule, then {@code CONFIRMED}. A refused step
	 * undoes the steps before it, then {@code REJECTED}; a step past its deadline is
	 * undone with them ({@code TIMEOUT}). A shipment the carrier has collected cannot be
	 * cancelled: its cancellation goes first, alone, and if the parcel has left nothing
	 * else is undone.
	 */
	static final SagaDefinition CHECKOUT = new SagaDefinition(List.of(
			step(PAYMENT).runsIn(Phase.CHARGING_PAYMENT)
				.sends(CHARGE_PAYMENT)
				.succeedsOn(PaymentCharged.class, CHARGED)
				.failsOn(PaymentDeclined.class, DECLINED, PAYMENT_DECLINED)
				.undoneBy(REFUND_PAYMENT, PaymentRefunded.class, REFUNDED),
			step(STOCK).runsIn(Phase.RESERVING_STOCK)
				.sends(RESERVE_STOCK)
				.succeedsOn(StockReserved.class, RESERVED)
				.failsOn(StockUnavailable.class, UNAVAILABLE, OUT_OF_STOCK)
				.undoneBy(RELEASE_STOCK, StockReleased.class, RELEASED),
			step(SHIPPING).runsIn(Phase.SCHEDULING_SHIPMENT)
				.sends(SCHEDULE_SHIPMENT)
				.succeedsOn(ShipmentScheduled.class, SCHEDULED)
				.failsOn(ShipmentRefused.class, REFUSED, SHIPPING_UNAVAILABLE)
				.undoneBy(CANCEL_SHIPMENT, ShipmentCancelled.class, CANCELLED)
				.unlessAlready(ShipmentDispatched.class)),
			Phase.CONFIRMED, Phase.REJECTED, true);

	/**
	 * The cancellation of a confirmed order: cancel the shipment, release the stock,
	 * refund the charge, then {@code CANCELLED}. If the parcel has left, nothing is
	 * undone and the order is {@code CONFIRMED} again. Its steps never give up: once the
	 * shipment is cancelled, the stock and the money must come back.
	 */
	static final SagaDefinition CANCELLATION = new SagaDefinition(List.of(
			step(SHIPPING).runsIn(Phase.CANCELLING_SHIPMENT)
				.sends(CANCEL_SHIPMENT)
				.succeedsOn(ShipmentCancelled.class, CANCELLED)
				.failsOn(ShipmentDispatched.class, new HistoryNote(HistoryStep.CANCELLATION, REFUSED), null),
			step(STOCK).runsIn(Phase.RELEASING_STOCK).sends(RELEASE_STOCK).succeedsOn(StockReleased.class, RELEASED),
			step(PAYMENT).runsIn(Phase.REFUNDING_PAYMENT)
				.sends(REFUND_PAYMENT)
				.succeedsOn(PaymentRefunded.class, REFUNDED)),
			Phase.CANCELLED, Phase.CONFIRMED, false);

	/** The history entry of a customer's request to cancel. */
	static final HistoryNote CANCELLATION_REQUESTED = new HistoryNote(HistoryStep.CANCELLATION, REQUESTED);

	private OrderSagas() {
	}

	/** The definition one of whose steps waits in this phase, or {@code null}. */
	static SagaDefinition runningIn(Phase phase) {
		for (SagaDefinition saga : List.of(CHECKOUT, CANCELLATION)) {
			if (saga.indexOf(phase) >= 0) {
				return saga;
			}
		}
		return null;
	}

}
