package dev.sagashop.inventory.stock;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

import dev.sagashop.inventory.catalog.Product;

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

	/**
	 * Gives every line back to its product; the reservation is released.
	 * @param products the reserved products as they stand (locked)
	 * @throws IllegalStateException unless the reservation is held, or when a product is
	 * missing: nothing changes then
	 */
	void releaseInto(Collection<Product> products) {
		if (this.status != Status.RESERVED) {
			throw new IllegalStateException(
					"Only a held reservation can be released; " + this.orderId + " is " + this.status);
		}
		Map<String, Product> bySku = WantedStock.bySku(products);
		List<String> missing = this.lines.stream()
			.map(ReservedLine::sku)
			.filter((sku) -> !bySku.containsKey(sku))
			.toList();
		if (!missing.isEmpty()) {
			throw new IllegalStateException("Cannot release order %s: no product %s".formatted(this.orderId, missing));
		}
		this.lines.forEach((line) -> bySku.get(line.sku()).release(line.quantity()));
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
