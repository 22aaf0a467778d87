package dev.sagashop.shipping.shipment;

import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

import dev.sagashop.events.CancelShipment;
import dev.sagashop.events.Reply;
import dev.sagashop.events.ScheduleShipment;
import dev.sagashop.events.ShipmentCancelled;
import dev.sagashop.events.ShipmentRefused;
import dev.sagashop.events.ShipmentScheduled;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Schedules and cancels shipments with a simulated carrier: the carrier, tracking number
 * and delivery estimate follow from the order id, so a repeated request answers the same.
 * Antarctica ({@code AQ}) is never deliverable.
 */
@Service
public class Dispatcher {

	static final String UNDELIVERABLE_COUNTRY = "AQ";

	private static final List<String> CARRIERS = List.of("DHL", "UPS", "GLS");

	private static final Log logger = LogFactory.getLog(Dispatcher.class);

	private final Shipments shipments;

	private final Clock clock;

	Dispatcher(Shipments shipments, Clock clock) {
		this.shipments = shipments;
		this.clock = clock;
	}

	/**
	 * Schedules the order's shipment once.
	 * @param command the request
	 * @return {@link ShipmentScheduled}, or {@link ShipmentRefused} for an undeliverable
	 * address or an order whose shipment was cancelled first
	 */
	@Transactional(propagation = Propagation.MANDATORY)
	public Reply schedule(ScheduleShipment command) {
		this.shipments.lockOrder(command.orderId());
		Optional<Shipment> earlier = this.shipments.findByOrderId(command.orderId()).stream().findFirst();
		if (earlier.isPresent()) {
			return (earlier.get().getStatus() == Shipment.Status.SCHEDULED) ? scheduled(earlier.get())
					: new ShipmentRefused(command.orderId(), "The shipment was cancelled");
		}
		if (this.shipments.isTombstoned(command.orderId())) {
			logger.warn("Refusing late scheduling of order %s: it was cancelled before".formatted(command.orderId()));
			return new ShipmentRefused(command.orderId(), "The order was cancelled before it could be scheduled");
		}
		if (UNDELIVERABLE_COUNTRY.equals(command.address().country())) {
			logger
				.info("Order %s: no carrier delivers to %s".formatted(command.orderId(), command.address().country()));
			return new ShipmentRefused(command.orderId(), "No carrier delivers to " + command.address().country());
		}
		int hash = Math.floorMod(command.orderId().hashCode(), 1_000_000);
		String carrier = CARRIERS.get(hash % CARRIERS.size());
		String tracking = carrier + "-" + command.orderId().toString().replace("-", "").substring(0, 12).toUpperCase();
		LocalDate eta = LocalDate.now(this.clock).plusDays(2 + hash % 4);
		Shipment shipment = this.shipments
			.save(new Shipment(command.orderId(), command.customerId(), carrier, tracking, eta));
		logger.info("Order %s: shipment %s with %s, due %s".formatted(command.orderId(), tracking, carrier, eta));
		return scheduled(shipment);
	}

	/**
	 * Cancels the order's shipment; with none yet, makes sure none will be scheduled.
	 * @param command the cancellation
	 * @return {@link ShipmentCancelled}, always
	 */
	@Transactional(propagation = Propagation.MANDATORY)
	public Reply cancel(CancelShipment command) {
		this.shipments.lockOrder(command.orderId());
		List<Shipment> shipments = this.shipments.findByOrderId(command.orderId());
		if (shipments.isEmpty()) {
			this.shipments.tombstone(command.orderId());
		}
		for (Shipment shipment : shipments) {
			shipment.cancel();
			this.shipments.updateStatus(shipment);
		}
		logger.info("Order %s: shipment cancelled".formatted(command.orderId()));
		return new ShipmentCancelled(command.orderId());
	}

	private static ShipmentScheduled scheduled(Shipment shipment) {
		return new ShipmentScheduled(shipment.getOrderId(), shipment.getId(), shipment.getCarrier(),
				shipment.getTrackingNumber(), shipment.getEstimatedDelivery());
	}

}
