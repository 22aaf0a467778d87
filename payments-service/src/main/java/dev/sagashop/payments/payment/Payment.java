package dev.sagashop.payments.payment;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

import dev.sagashop.events.TimeOrderedIds;

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

	private Payment(UUID orderId, String customerId, Type type, Status status, long amount, String currency) {
		this(TimeOrderedIds.next(), orderId, customerId, type, status, amount, currency, Instant.now());
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

	/**
	 * A new charge of an order, not yet written: succeeded when the card sandbox accepts
	 * the card, else declined.
	 * @param orderId the order
	 * @param customerId who pays
	 * @param card the card
	 * @param amount how much, in minor units
	 * @param currency of the amount
	 * @return the charge
	 */
	public static Payment charge(UUID orderId, String customerId, CardToken card, long amount, String currency) {
		return new Payment(orderId, customerId, Type.CHARGE, card.isAccepted() ? Status.SUCCEEDED : Status.DECLINED,
				amount, currency);
	}

	/**
	 * The refund of this charge, in full, not yet written.
	 * @return the refund
	 * @throws IllegalStateException unless this is a succeeded charge: nothing else has
	 * money to give back
	 */
	public Payment refund() {
		if (this.type != Type.CHARGE || this.status != Status.SUCCEEDED) {
			throw new IllegalStateException("Only a succeeded charge can be refunded; %s is a %s %s".formatted(this.id,
					this.status, this.type));
		}
		return new Payment(this.orderId, this.customerId, Type.REFUND, Status.SUCCEEDED, this.amount, this.currency);
	}

	/** Whether this is a charge that took the customer's money. */
	public boolean isSucceededCharge() {
		return this.type == Type.CHARGE && this.status == Status.SUCCEEDED;
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
