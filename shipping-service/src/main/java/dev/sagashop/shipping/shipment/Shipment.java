package dev.sagashop.shipping.shipment;

import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.UUID;

import dev.sagashop.events.TimeOrderedIds;

/**
 * The delivery of one order: scheduled with a carrier, which collects it at
 * {@code collectionAt} (or earlier, when an admin says so); until then it can be
 * cancelled, after that it cannot. {@link Shipments} writes it; {@code version} guards
 * against a lost update.
 */
public class Shipment {

	/**
	 * Where a shipment stands.
	 */
	public enum Status {

		SCHEDULED, DISPATCHED, CANCELLED

	}

	private final UUID id;

	private final UUID orderId;

	private final String customerId;

	private Status status;

	private final String carrier;

	private final String trackingNumber;

	private final LocalDate estimatedDelivery;

	private final long version;

	private final Instant createdAt;

	private final Instant collectionAt;

	private Instant dispatchedAt;

	/** A new shipment, scheduled, not yet written. */
	public Shipment(UUID orderId, String customerId, String carrier, String trackingNumber, LocalDate estimatedDelivery,
			Instant createdAt, Instant collectionAt) {
		this(TimeOrderedIds.next(), orderId, customerId, Status.SCHEDULED, carrier, trackingNumber, estimatedDelivery,
				0, createdAt, collectionAt, null);
	}

	/** A shipment as written (read back by {@link Shipments}). */
	Shipment(UUID id, UUID orderId, String customerId, Status status, String carrier, String trackingNumber,
			LocalDate estimatedDelivery, long version, Instant createdAt, Instant collectionAt, Instant dispatchedAt) {
		this.id = Objects.requireNonNull(id, "id");
		this.orderId = Objects.requireNonNull(orderId, "orderId");
		this.customerId = Objects.requireNonNull(customerId, "customerId");
		this.status = Objects.requireNonNull(status, "status");
		this.carrier = Objects.requireNonNull(carrier, "carrier");
		this.trackingNumber = Objects.requireNonNull(trackingNumber, "trackingNumber");
		this.estimatedDelivery = Objects.requireNonNull(estimatedDelivery, "estimatedDelivery");
		this.version = version;
		this.createdAt = Objects.requireNonNull(createdAt, "createdAt");
		this.collectionAt = Objects.requireNonNull(collectionAt, "collectionAt");
		this.dispatchedAt = dispatchedAt;
	}

	/**
	 * The delivery will not happen. Cancelling twice changes nothing.
	 * @return {@code false} when the carrier has already collected the parcel: then
	 * nothing changed
	 */
	public boolean cancel() {
		if (this.status == Status.DISPATCHED) {
			return false;
		}
		this.status = Status.CANCELLED;
		return true;
	}

	/**
	 * The carrier has collected the parcel. Dispatching twice changes nothing.
	 * @param at when it was collected
	 * @return whether it changed ({@code false} when it had already left)
	 * @throws IllegalStateException when the shipment was cancelled
	 */
	public boolean dispatch(Instant at) {
		if (this.status == Status.CANCELLED) {
			throw new IllegalStateException("Shipment " + this.id + " was cancelled: there is nothing to collect");
		}
		if (this.status == Status.DISPATCHED) {
			return false;
		}
		this.status = Status.DISPATCHED;
		// To the microsecond PostgreSQL keeps: what is announced now
		// reads the same later.
		this.dispatchedAt = at.truncatedTo(ChronoUnit.MICROS);
		return true;
	}

	public UUID getId() {
		return this.id;
	}

	public UUID getOrderId() {
		return this.orderId;
	}

	public String getCustomerId() {
		return this.customerId;
	}

	public Status getStatus() {
		return this.status;
	}

	public String getCarrier() {
		return this.carrier;
	}

	public String getTrackingNumber() {
		return this.trackingNumber;
	}

	public LocalDate getEstimatedDelivery() {
		return this.estimatedDelivery;
	}

	public Instant getCollectionAt() {
		return this.collectionAt;
	}

	/** When the carrier collected it; {@code null} until then. */
	public Instant getDispatchedAt() {
		return this.dispatchedAt;
	}

	long getVersion() {
		return this.version;
	}

	Instant getCreatedAt() {
		return this.createdAt;
	}

}
