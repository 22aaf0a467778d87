package dev.sagashop.orders.checkout;

import java.time.Instant;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import dev.sagashop.orders.order.FailureReason;

/**
 * The persisted state of one order's checkout saga. While it waits for a reply it has a
 * time to wake up ({@code wakeAt}: resend what it waits for) and, for a step, a
 * {@code deadline} (give up on it); both by the database's clock. {@link Checkouts}
 * writes it in plain SQL (ADR 16), always under the row's lock.
 */
public class Checkout {

	private final UUID orderId;

	private Phase phase;

	private FailureReason failureReason;

	private String pendingCompensations;

	private final String cardToken;

	private Instant deadline;

	private Instant wakeAt;

	private final Instant startedAt;

	private Instant updatedAt;

	private final String traceContext;

	private boolean cancelRequested;

	private boolean dispatched;

	private final String idempotencyKey;

	Checkout(UUID orderId, String cardToken, String traceContext, Instant startedAt, String idempotencyKey) {
		this.orderId = Objects.requireNonNull(orderId, "orderId");
		this.startedAt = startedAt;
		this.cardToken = Objects.requireNonNull(cardToken, "cardToken");
		this.pendingCompensations = "";
		this.traceContext = traceContext;
		this.idempotencyKey = idempotencyKey;
	}

	/** A saga as written (read back by {@link Checkouts}). */
	Checkout(UUID orderId, Phase phase, FailureReason failureReason, String pendingCompensations, String cardToken,
			Instant deadline, Instant wakeAt, Instant startedAt, Instant updatedAt, String traceContext,
			boolean cancelRequested, boolean dispatched, String idempotencyKey) {
		this.orderId = orderId;
		this.phase = phase;
		this.failureReason = failureReason;
		this.pendingCompensations = pendingCompensations;
		this.cardToken = cardToken;
		this.deadline = deadline;
		this.wakeAt = wakeAt;
		this.startedAt = startedAt;
		this.updatedAt = updatedAt;
		this.traceContext = traceContext;
		this.cancelRequested = cancelRequested;
		this.dispatched = dispatched;
		this.idempotencyKey = idempotencyKey;
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

	Phase getPhase() {
		return this.phase;
	}

	FailureReason getFailureReason() {
		return this.failureReason;
	}

	String getPendingCompensations() {
		return this.pendingCompensations;
	}

	Instant getUpdatedAt() {
		return this.updatedAt;
	}

	boolean isCancelRequested() {
		return this.cancelRequested;
	}

	boolean isDispatched() {
		return this.dispatched;
	}

	/** The placing request's {@code Idempotency-Key}, {@code null} without one. */
	String getIdempotencyKey() {
		return this.idempotencyKey;
	}

	SagaState state() {
		Set<Action> pending = this.pendingCompensations.isEmpty() ? Set.of()
				: Arrays.stream(this.pendingCompensations.split(","))
					.map(Action::valueOf)
					.collect(Collectors.toCollection(() -> EnumSet.noneOf(Action.class)));
		return new SagaState(this.phase, this.failureReason, pending, this.cancelRequested, this.dispatched);
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
		this.cancelRequested = next.cancelRequested();
		this.dispatched = next.dispatched();
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
