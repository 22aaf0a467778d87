package dev.sagashop.inventory.stock;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.persistence.CollectionTable;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

/**
 * What the checkout saga holds of the stock for one order, and whether it was given back.
 */
@Entity
@Table(name = "stock_reservations")
public class StockReservation {

	/**
	 * Where a reservation stands.
	 */
	public enum Status {

		/** The lines are held. */
		RESERVED,
		/** The lines were given back. */
		RELEASED,
		/** Released before any reservation arrived: a later one is refused. */
		CANCELLED,
		/** Stock was short; nothing is held. */
		REFUSED

	}

	@Id
	private UUID orderId;

	@Enumerated(EnumType.STRING)
	private Status status;

	@ElementCollection(fetch = FetchType.EAGER)
	@CollectionTable(name = "stock_reservation_lines", joinColumns = @JoinColumn(name = "order_id"))
	private List<ReservedLine> lines = new ArrayList<>();

	@Version
	private Long version;

	private Instant createdAt;

	private Instant updatedAt;

	protected StockReservation() {
	}

	private StockReservation(UUID orderId, Status status, List<ReservedLine> lines) {
		this.orderId = orderId;
		this.status = status;
		this.lines = new ArrayList<>(lines);
		this.createdAt = Instant.now();
		this.updatedAt = this.createdAt;
	}

	static StockReservation reserved(UUID orderId, List<ReservedLine> lines) {
		return new StockReservation(orderId, Status.RESERVED, lines);
	}

	static StockReservation refused(UUID orderId) {
		return new StockReservation(orderId, Status.REFUSED, List.of());
	}

	static StockReservation cancelledBeforeReserved(UUID orderId) {
		return new StockReservation(orderId, Status.CANCELLED, List.of());
	}

	void released() {
		if (this.status != Status.RESERVED) {
			throw new IllegalStateException(
					"Only a held reservation can be released; " + this.orderId + " is " + this.status);
		}
		this.status = Status.RELEASED;
		this.updatedAt = Instant.now();
	}

	public UUID getOrderId() {
		return this.orderId;
	}

	public Status getStatus() {
		return this.status;
	}

	public List<ReservedLine> getLines() {
		return List.copyOf(this.lines);
	}

}
