package dev.sagashop.payments.payment;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * One transaction in the ledger: a charge or a refund of an order, succeeded or declined.
 * Ledger rows are never changed once written ({@link Payments} only inserts them).
 */
public class Payment {

	/**
	 * What a transaction does to the customer's money.
	 */
	public enum Type {

		CHARGE, REFUND

	}

	/**
	 * How a transaction ended.
	 */
	public enum Status {

		SUCCEEDED, DECLINED

	}

	private final UUID id;

	private final UUID orderId;

	private final String customerId;

	private final Type type;

	private final Status status;

	private final long amount;

	private final String currency;

	private final Instant createdAt;

	/** A new transaction, not yet written. */
	public Payment(UUID orderId, String customerId, Type type, Status status, long amount, String currency) {
		this(UUID.randomUUID(), orderId, customerId, type, status, amount, currency, Instant.now());
	}

	/** A transaction as written (read back by {@link Payments}). */
	Payment(UUID id, UUID orderId, String customerId, Type type, Status status, long amount, String currency,
			Instant createdAt) {
		if (amount < 0) {
			throw new IllegalArgumentException("amount must not be negative, was " + amount);
		}
		this.id = Objects.requireNonNull(id, "id");
		this.orderId = Objects.requireNonNull(orderId, "orderId");
		this.customerId = Objects.requireNonNull(customerId, "customerId");
		this.type = Objects.requireNonNull(type, "type");
		this.status = Objects.requireNonNull(status, "status");
		this.amount = amount;
		this.currency = Objects.requireNonNull(currency, "currency");
		this.createdAt = Objects.requireNonNull(createdAt, "createdAt");
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

	public Type getType() {
		return this.type;
	}

	public Status getStatus() {
		return this.status;
	}

	public long getAmount() {
		return this.amount;
	}

	public String getCurrency() {
		return this.currency;
	}

	public Instant getCreatedAt() {
		return this.createdAt;
	}

}
