package dev.sagashop.shipping.shipment;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Objects;
import java.util.UUID;

/**
 * The delivery of one order: scheduled with a carrier, possibly cancelled later.
 * {@link Shipments} writes it; {@code version} guards against a lost update.
 */
public class Shipment {

	/**
	 * Where a shipment stands.
	 */
	public enum Status {

		SCHEDULED, CANCELLED

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

	/** A new shipment, scheduled, not yet written. */
	public Shipment(UUID orderId, String customerId, String carrier, String trackingNumber,
			LocalDate estimatedDelivery) {
		this(UUID.randomUUID(), orderId, customerId, Status.SCHEDULED, carrier, trackingNumber, estimatedDelivery, 0,
				Instant.now());
	}

	/** A shipment as written (read back by {@link Shipments}). */
	Shipment(UUID id, UUID orderId, String customerId, Status status, String carrier, String trackingNumber,
			LocalDate estimatedDelivery, long version, Instant createdAt) {
		this.id = Objects.requireNonNull(id, "id");
		this.orderId = Objects.requireNonNull(orderId, "orderId");
		this.customerId = Objects.requireNonNull(customerId, "customerId");
		this.status = Objects.requireNonNull(status, "status");
		this.carrier = Objects.requireNonNull(carrier, "carrier");
		this.trackingNumber = Objects.requireNonNull(trackingNumber, "trackingNumber");
		this.estimatedDelivery = Objects.requireNonNull(estimatedDelivery, "estimatedDelivery");
		this.version = version;
		this.createdAt = Objects.requireNonNull(createdAt, "createdAt");
	}

	/** The delivery will not happen. Cancelling twice changes nothing. */
	public void cancel() {
		this.status = Status.CANCELLED;
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

	long getVersion() {
		return this.version;
	}

	Instant getCreatedAt() {
		return this.createdAt;
	}

}
