package dev.sagashop.orders.checkout;

import java.time.Instant;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import dev.sagashop.orders.order.FailureReason;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

/**
 * The persisted state of one order's checkout saga. While it waits for a reply it has a
 * time to wake up ({@code wakeAt}: resend what it waits for) and, for a step, a
 * {@code deadline} (give up on it); both by the database's clock.
 */
@Entity
@Table(name = "checkout_sagas")
public class Checkout {

	@Id
	private UUID orderId;

	@Enumerated(EnumType.STRING)
	private Phase phase;

	@Enumerated(EnumType.STRING)
	private FailureReason failureReason;

	@Column(name = "pending_compensations")
	private String pendingCompensations;

	private String cardToken;

	private Instant deadline;

	private Instant wakeAt;

	private Instant startedAt;

	@Version
	private Long version;

	private Instant updatedAt;

	private String traceContext;

	protected Checkout() {
	}

	Checkout(UUID orderId, String cardToken, String traceContext, Instant startedAt) {
		this.orderId = Objects.requireNonNull(orderId, "orderId");
		this.startedAt = startedAt;
		this.cardToken = Objects.requireNonNull(cardToken, "cardToken");
		this.pendingCompensations = "";
		this.traceContext = traceContext;
	}

	/** The trace of the checkout's start, which its deadline's actions continue. */
	String getTraceContext() {
		return this.traceContext;
	}

	public UUID getOrderId() {
		return this.orderId;
	}

	public String getCardToken() {
		return this.cardToken;
	}

	public Instant getDeadline() {
		return this.deadline;
	}

	Instant getWakeAt() {
		return this.wakeAt;
	}

	Instant getStartedAt() {
		return this.startedAt;
	}

	SagaState state() {
		Set<Action> pending = this.pendingCompensations.isEmpty() ? Set.of()
				: Arrays.stream(this.pendingCompensations.split(","))
					.map(Action::valueOf)
					.collect(Collectors.toCollection(() -> EnumSet.noneOf(Action.class)));
		return new SagaState(this.phase, this.failureReason, pending);
	}

	/**
	 * Takes the state a transition decided.
	 * @param next the new state
	 * @param deadline when to give up waiting, {@code null} once final or while
	 * compensating (compensations are resent until confirmed)
	 * @param wakeAt when to resend what it waits for, {@code null} once final
	 */
	void moveTo(SagaState next, Instant deadline, Instant wakeAt) {
		this.wakeAt = wakeAt;
		this.phase = next.phase();
		this.failureReason = next.failureReason();
		this.pendingCompensations = next.pendingCompensations()
			.stream()
			.sorted()
			.map(Action::name)
			.collect(Collectors.joining(","));
		this.deadline = deadline;
		this.updatedAt = Instant.now();
	}

	/**
	 * Waits again, having resent what it waits for.
	 * @param wakeAt the next time to resend
	 */
	void snooze(Instant wakeAt) {
		this.wakeAt = wakeAt;
		this.updatedAt = Instant.now();
	}

}
