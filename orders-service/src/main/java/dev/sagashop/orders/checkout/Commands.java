package dev.sagashop.orders.checkout;

import dev.sagashop.events.CancelShipment;
import dev.sagashop.events.ChargePayment;
import dev.sagashop.events.Command;
import dev.sagashop.events.RefundPayment;
import dev.sagashop.events.ReleaseStock;
import dev.sagashop.events.ReserveStock;
import dev.sagashop.events.ScheduleShipment;
import dev.sagashop.orders.order.Order;
import dev.sagashop.orders.order.ShippingAddress;

/**
 * Turns the saga's actions into the participants' commands, filled from the order.
 */
final class Commands {

	private Commands() {
	}

	static Command of(Action action, Order order, Checkout checkout) {
		return switch (action) {
			case CHARGE_PAYMENT -> new ChargePayment(order.getId(), order.getCustomerId(), order.getTotal(),
					order.getCurrency(), checkout.getCardToken());
			case RESERVE_STOCK -> new ReserveStock(order.getId(),
					order.getItems()
						.stream()
						.map((line) -> new ReserveStock.Line(line.sku(), line.quantity()))
						.toList());
			case SCHEDULE_SHIPMENT ->
				new ScheduleShipment(order.getId(), order.getCustomerId(), address(order.getShippingAddress()));
			case REFUND_PAYMENT -> new RefundPayment(order.getId());
			case RELEASE_STOCK -> new ReleaseStock(order.getId());
			case CANCEL_SHIPMENT -> new CancelShipment(order.getId());
		};
	}

	private static ScheduleShipment.Address address(ShippingAddress address) {
		return new ScheduleShipment.Address(address.name(), address.line1(), address.city(), address.postalCode(),
				address.country());
	}

}
