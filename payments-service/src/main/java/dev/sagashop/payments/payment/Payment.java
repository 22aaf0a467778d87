package dev.sagashop.payments.payment;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.PostLoad;
import jakarta.persistence.PostPersist;
import jakarta.persistence.Table;
import jakarta.persistence.Transient;

import org.springframework.data.domain.Persistable;

/**
 * One transaction in the ledger: a charge or a refund of an order, succeeded or declined.
 * Ledger rows are never changed once written.
 */
@Entity
@Table(name = "payments")
public class Payment implements Persistable<UUID> {

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

	@Id
	private UUID id;

	private UUID orderId;

	private String customerId;

	@Enumerated(EnumType.STRING)
	private Type type;

	@Enumerated(EnumType.STRING)
	private Status status;

	private long amount;

	private String currency;

	private Instant createdAt;

	/**
	 * A payment is written once and never changed: {@code save} inserts it without first
	 * looking for it (the id is assigned here, so Spring Data cannot tell by the id).
	 */
	@Transient
	private boolean created;

	protected Payment() {
	}

	public Payment(UUID orderId, String customerId, Type type, Status status, long amount, String currency) {
		if (amount < 0) {
			throw new IllegalArgumentException("amount must not be negative, was " + amount);
		}
		this.id = UUID.randomUUID();
		this.orderId = Objects.requireNonNull(orderId, "orderId");
		this.customerId = Objects.requireNonNull(customerId, "customerId");
		this.type = Objects.requireNonNull(type, "type");
		this.status = Objects.requireNonNull(status, "status");
		this.amount = amount;
		this.currency = Objects.requireNonNull(currency, "currency");
		this.createdAt = Instant.now();
		this.created = true;
	}

	@Override
	public boolean isNew() {
		return this.created;
	}

	@PostPersist
	@PostLoad
	void stored() {
		this.created = false;
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
