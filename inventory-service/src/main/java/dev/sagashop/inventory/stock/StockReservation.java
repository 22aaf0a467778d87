package dev.sagashop.inventory.stock;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * What the checkout saga holds of the stock for one order, and whether it was given back.
 * Written by {@link StockReservations} under the order's lock.
 */
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

	private final UUID orderId;

	private Status status;

	private final List<ReservedLine> lines;

	private final Instant createdAt;

	private Instant updatedAt;

	/** A reservation as written (read back by {@link StockReservations}). */
	StockReservation(UUID orderId, Status status, List<ReservedLine> lines, Instant createdAt, Instant updatedAt) {
		this.orderId = Objects.requireNonNull(orderId, "orderId");
		this.status = Objects.requireNonNull(status, "status");
		this.lines = List.copyOf(lines);
		this.createdAt = Objects.requireNonNull(createdAt, "createdAt");
		this.updatedAt = Objects.requireNonNull(updatedAt, "updatedAt");
	}

	static StockReservation reserved(UUID orderId, List<ReservedLine> lines) {
		return created(orderId, Status.RESERVED, lines);
	}

	static StockReservation refused(UUID orderId) {
		return created(orderId, Status.REFUSED, List.of());
	}

	static StockReservation cancelledBeforeReserved(UUID orderId) {
		return created(orderId, Status.CANCELLED, List.of());
	}

	private static StockReservation created(UUID orderId, Status status, List<ReservedLine> lines) {
		Instant now = Instant.now();
		return new StockReservation(orderId, status, lines, now, now);
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
		return this.lines;
	}

	Instant getCreatedAt() {
		return this.createdAt;
	}

	Instant getUpdatedAt() {
		return this.updatedAt;
	}

}
