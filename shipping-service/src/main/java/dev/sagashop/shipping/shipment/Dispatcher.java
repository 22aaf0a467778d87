package dev.sagashop.shipping.shipment;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import dev.sagashop.events.CancelShipment;
import dev.sagashop.events.Envelope;
import dev.sagashop.events.Reply;
import dev.sagashop.events.ShipmentDispatched;
import dev.sagashop.events.ScheduleShipment;
import dev.sagashop.events.ShipmentCancelled;
import dev.sagashop.events.ShipmentRefused;
import dev.sagashop.events.ShipmentScheduled;
import dev.sagashop.events.Topics;
import dev.sagashop.platform.messaging.Outbox;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Schedules and cancels shipments with a simulated {@link Carrier}. The carrier collects
 * a shipment after {@link ShippingProperties#collectionDelay()}; a collected one cannot
 * be cancelled.
 */
@Service
public class Dispatcher {

	private static final Log logger = LogFactory.getLog(Dispatcher.class);

	private final Shipments shipments;

	private final Clock clock;

	private final ShippingProperties properties;

	private final Outbox outbox;

	Dispatcher(Shipments shipments, Clock clock, ShippingProperties properties, Outbox outbox) {
		this.shipments = shipments;
		this.clock = clock;
		this.properties = properties;
		this.outbox = outbox;
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
		Shipments.ForOrder known = this.shipments.forOrder(command.orderId());
		Optional<Shipment> earlier = known.shipment();
		if (earlier.isPresent()) {
			return (earlier.get().getStatus() != Shipment.Status.CANCELLED) ? scheduled(earlier.get())
					: new ShipmentRefused(command.orderId(), "The shipment was cancelled");
		}
		if (known.tombstoned()) {
			logger.warn("Refusing late scheduling of order %s: it was cancelled before".formatted(command.orderId()));
			return new ShipmentRefused(command.orderId(), "The order was cancelled before it could be scheduled");
		}
		if (!Carrier.delivers(command.address().country())) {
			logger
				.info("Order %s: no carrier delivers to %s".formatted(command.orderId(), command.address().country()));
			return new ShipmentRefused(command.orderId(), "No carrier delivers to " + command.address().country());
		}
		Carrier.Booking booking = Carrier.book(command.orderId(), LocalDate.now(this.clock));
		Instant now = this.clock.instant();
		Instant collectionAt = now.plus(this.properties.collectionDelay());
		Shipment shipment = this.shipments.save(new Shipment(command.orderId(), command.customerId(), booking.carrier(),
				booking.trackingNumber(), booking.estimatedDelivery(), now, collectionAt));
		logger.info("Order %s: shipment %s with %s, collected at %s, due %s".formatted(command.orderId(),
				booking.trackingNumber(), booking.carrier(), collectionAt, booking.estimatedDelivery()));
		return scheduled(shipment);
	}

	/**
	 * Cancels the order's shipment; with none yet, makes sure none will be scheduled.
	 * @param command the cancellation
	 * @return {@link ShipmentCancelled}, or {@link ShipmentDispatched} once the carrier
	 * has collected the parcel (a repeated cancellation answers the same)
	 */
	@Transactional(propagation = Propagation.MANDATORY)
	public Reply cancel(CancelShipment command) {
		this.shipments.lockOrder(command.orderId());
		List<Shipment> shipments = this.shipments.lockByOrderId(command.orderId());
		if (shipments.isEmpty()) {
			this.shipments.tombstone(command.orderId());
		}
		for (Shipment shipment : shipments) {
			if (!shipment.cancel()) {
				logger.info("Order %s: shipment %s left at %s, it cannot be cancelled".formatted(command.orderId(),
						shipment.getTrackingNumber(), shipment.getDispatchedAt()));
				return left(shipment);
			}
			this.shipments.updateStatus(shipment);
		}
		logger.info("Order %s: shipment cancelled".formatted(command.orderId()));
		return new ShipmentCancelled(command.orderId());
	}

	/**
	 * Hands a scheduled shipment to the carrier now, before its collection time, and
	 * tells the order's saga. Dispatching twice changes nothing.
	 * @param id the shipment
	 * @return the shipment, dispatched, or empty when there is none
	 * @throws IllegalStateException when it was cancelled
	 */
	@Transactional
	public Optional<Shipment> dispatch(UUID id) {
		Optional<Shipment> found = this.shipments.lockById(id);
		found.ifPresent((shipment) -> {
			if (shipment.dispatch(this.clock.instant())) {
				this.shipments.updateStatus(shipment);
				announce(shipment);
				logger.info("Order %s: shipment %s dispatched on request".formatted(shipment.getOrderId(),
						shipment.getTrackingNumber()));
			}
		});
		return found;
	}

	/**
	 * The carrier's round: dispatches the scheduled shipments whose collection time has
	 * come, and tells their sagas, in one transaction.
	 * @param max how many at most
	 * @return how many it dispatched
	 */
	@Transactional
	public int collectDue(int max) {
		List<Shipment> collected = this.shipments.dispatchDue(max);
		for (Shipment shipment : collected) {
			announce(shipment);
			logger.info("Order %s: shipment %s collected by its carrier".formatted(shipment.getOrderId(),
					shipment.getTrackingNumber()));
		}
		return collected.size();
	}

	private void announce(Shipment dispatched) {
		this.outbox.send(Topics.SAGA_REPLIES, Envelope.of(dispatched.getOrderId(), null, left(dispatched)));
	}

	private static ShipmentDispatched left(Shipment dispatched) {
		return new ShipmentDispatched(dispatched.getOrderId(), dispatched.getId(), dispatched.getDispatchedAt());
	}

	private static ShipmentScheduled scheduled(Shipment shipment) {
		return new ShipmentScheduled(shipment.getOrderId(), shipment.getId(), shipment.getCarrier(),
				shipment.getTrackingNumber(), shipment.getEstimatedDelivery());
	}

}
