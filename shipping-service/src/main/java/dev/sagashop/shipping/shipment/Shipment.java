package dev.sagashop.shipping.shipment;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Objects;
import java.util.UUID;

import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

/**
 * The delivery of one order: scheduled with a carrier, possibly cancelled later.
 */
@Entity
@Table(name = "shipments")
public class Shipment {

	/**
	 * Where a shipment stands.
	 */
	public enum Status {

		SCHEDULED, CANCELLED

	}

	@Id
	private UUID id;

	private UUID orderId;

	private String customerId;

	@Enumerated(EnumType.STRING)
	private Status status;

	private String carrier;

	private String trackingNumber;

	private LocalDate estimatedDelivery;

	@Version
	private Long version;

	private Instant createdAt;

	protected Shipment() {
	}

	public Shipment(UUID orderId, String customerId, String carrier, String trackingNumber,
			LocalDate estimatedDelivery) {
		this.id = UUID.randomUUID();
		this.orderId = Objects.requireNonNull(orderId, "orderId");
		this.customerId = Objects.requireNonNull(customerId, "customerId");
		this.carrier = Objects.requireNonNull(carrier, "carrier");
		this.trackingNumber = Objects.requireNonNull(trackingNumber, "trackingNumber");
		this.estimatedDelivery = Objects.requireNonNull(estimatedDelivery, "estimatedDelivery");
		this.status = Status.SCHEDULED;
		this.createdAt = Instant.now();
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

}
