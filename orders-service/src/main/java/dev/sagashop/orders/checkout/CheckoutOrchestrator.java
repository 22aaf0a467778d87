package dev.sagashop.orders.checkout;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import dev.sagashop.events.Command;
import dev.sagashop.events.Envelope;
import dev.sagashop.events.Reply;
import dev.sagashop.events.Topics;
import dev.sagashop.orders.order.Order;
import dev.sagashop.orders.order.OrderStatus;
import dev.sagashop.orders.order.Orders;
import dev.sagashop.orders.order.idempotency.IdempotencyKeys;
import dev.sagashop.platform.messaging.InboundMessages;
import dev.sagashop.platform.messaging.Outbox;
import dev.sagashop.platform.messaging.TraceContexts;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.slf4j.MDC;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import static dev.sagashop.orders.checkout.JournalEntry.Kind.CANCEL_REQUESTED;
import static dev.sagashop.orders.checkout.JournalEntry.Kind.DEADLINE_PASSED;
import static dev.sagashop.orders.checkout.JournalEntry.Kind.IGNORED;
import static dev.sagashop.orders.checkout.JournalEntry.Kind.RECEIVED;
import static dev.sagashop.orders.checkout.JournalEntry.Kind.RESENT;
import static dev.sagashop.orders.checkout.JournalEntry.Kind.SENT;

/**
 * Runs the order's sagas ({@link OrderSagas}, decided by {@link SagaDecisions}): places
 * orders, takes cancellations, applies replies and passed deadlines, and sends the
 * commands it decides through the outbox. Each call is one transaction: the order, the
 * saga's state, the outgoing commands and the saga's journal entries commit together.
 */
@Service
public class CheckoutOrchestrator {

	private static final Log logger = LogFactory.getLog(CheckoutOrchestrator.class);

	private final SagaDecisions saga = new SagaDecisions();

	private final Orders orders;

	private final Checkouts checkouts;

	private final Outbox outbox;

	private final CheckoutProperties properties;

	private final DatabaseClock clock;

	private final SagaMetrics metrics;

	private final TraceContexts traces;

	private final FinalOrders finalOrders;

	private final SagaJournal journal;

	private final Admission admission;

	private final IdempotencyKeys keys;

	CheckoutOrchestrator(Orders orders, Checkouts checkouts, Outbox outbox, CheckoutProperties properties,
			DatabaseClock clock, SagaMetrics metrics, TraceContexts traces, FinalOrders finalOrders,
			SagaJournal journal, IdempotencyKeys keys, Admission admission) {
		this.journal = journal;
		this.admission = admission;
		this.keys = keys;
		this.traces = traces;
		this.finalOrders = finalOrders;
		this.orders = orders;
		this.checkouts = checkouts;
		this.outbox = outbox;
		this.properties = properties;
		this.clock = clock;
		this.metrics = metrics;
	}

	/**
	 * Stores a new order and starts its saga.
	 * @param order the pending order, priced
	 * @param cardToken what to charge
	 * @param idempotencyKey the placing request's {@code Idempotency-Key}, {@code null}
	 * without one: the checkout's end stores that request's answer for replays
	 * @return the stored order
	 */
	@Transactional
	public Order place(Order order, String cardToken, String idempotencyKey) {
		Order placed = this.orders.save(order);
		try (MDC.MDCCloseable logged = MDC.putCloseable(InboundMessages.ORDER_ID, placed.getId().toString())) {
			Instant now = this.clock.now();
			Checkout checkout = new Checkout(placed.getId(), cardToken, this.traces.capture(), now, idempotencyKey);
			apply(placed, checkout, this.saga.start(), null, now, null);
			this.checkouts.save(checkout);
			this.metrics.started();
			logger.info("Order %s placed by %s: %d lines, total %d %s".formatted(placed.getId(), placed.getCustomerId(),
					placed.getItems().size(), placed.getTotal(), placed.getCurrency()));
		}
		return placed;
	}

	/**
	 * Takes the customer's request to cancel an order: a running checkout stops at its
	 * step's answer and undoes what it did; a confirmed order's cancellation saga starts.
	 * @param orderId the order, whose owner the caller has checked
	 * @return the order as it is now, empty when there is none
	 * @throws CancellationRefused when it cannot be cancelled (rejected, or the parcel
	 * has left)
	 */
	@Transactional
	public Optional<Order> cancel(UUID orderId) {
		Optional<Checkouts.Locked> locked = this.checkouts.lockById(orderId);
		Optional<Order> order = this.orders.findById(orderId);
		if (order.isEmpty()) {
			return order;
		}
		if (locked.isEmpty()) {
			throw new CancellationRefused("Cannot be cancelled",
					"The order was placed before its saga was recorded (a version before 2026-11).");
		}
		// The cancellation joins the order's trace, as its deadlines do (ADR 9).
		try (MDC.MDCCloseable logged = MDC.putCloseable(InboundMessages.ORDER_ID, orderId.toString())) {
			Checkout checkout = locked.get().checkout();
			this.traces.resume(checkout.getTraceContext(), "sagashop.saga.cancel", () -> {
				take(order.get(), checkout, locked.get().now());
				return null;
			});
		}
		catch (CancellationRefused refused) {
			logger.info("Order %s cannot be cancelled: %s".formatted(orderId, refused.getMessage()));
			throw refused;
		}
		return order;
	}

	private void take(Order order, Checkout checkout, Instant now) {
		SagaState state = checkout.state();
		Transition transition = this.saga.onCancel(state);
		if (transition.ignored()) {
			this.journal.record(order.getId(), CANCEL_REQUESTED, null, null, checkout);
			logger.info("Order %s is already %s: its cancellation changes nothing".formatted(order.getId(),
					order.getStatus()));
			return;
		}
		logger.info("Order %s: cancellation requested in %s; sending %s".formatted(order.getId(), state.phase(),
				transition.actions()));
		apply(order, checkout, transition, null, now, new Cause(CANCEL_REQUESTED, null));
		this.checkouts.update(checkout);
		this.metrics.cancellationRequested();
	}

	/**
	 * Applies a participant's reply.
	 * @param envelope the reply's envelope
	 */
	@Transactional
	public void onReply(Envelope<?> envelope) {
		if (!(envelope.payload() instanceof Reply reply)) {
			logger.warn("Ignoring %s %s: not a saga reply".formatted(envelope.type(), envelope.messageId()));
			return;
		}
		Optional<Checkouts.Locked> locked = this.checkouts.lockById(envelope.orderId());
		if (locked.isEmpty()) {
			logger.warn("Ignoring %s for unknown order %s".formatted(envelope.type(), envelope.orderId()));
			return;
		}
		Checkout checkout = locked.get().checkout();
		SagaState state = checkout.state();
		Transition transition = this.saga.onReply(state, reply);
		if (transition.ignored()) {
			this.journal.record(envelope.orderId(), IGNORED, envelope, Topics.SAGA_REPLIES, checkout);
			logger.info("Order %s in %s ignores %s (duplicate or late)".formatted(envelope.orderId(), state.phase(),
					envelope.type()));
			return;
		}
		apply(order(envelope), checkout, transition, envelope.messageId().toString(), locked.get().now(),
				new Cause(RECEIVED, envelope));
		this.checkouts.update(checkout);
	}

	/**
	 * Wakes the sagas that are due: resends what a saga waits for, or, once a step's
	 * deadline passed, gives up on it.
	 * @param max how many at most in this transaction
	 * @return how many it woke
	 */
	@Transactional
	public int wakeDue(int max) {
		List<Checkouts.Locked> due = this.checkouts.lockDue(max);
		for (Checkouts.Locked locked : due) {
			Checkout checkout = locked.checkout();
			// What it decides joins the checkout's trace, and its log
			// lines name the order.
			try (MDC.MDCCloseable logged = MDC.putCloseable(InboundMessages.ORDER_ID,
					checkout.getOrderId().toString())) {
				this.traces.resume(checkout.getTraceContext(), "sagashop.saga.deadline", () -> {
					wake(checkout, locked.now());
					return null;
				});
			}
			this.checkouts.update(checkout);
		}
		return due.size();
	}

	private void wake(Checkout checkout, Instant now) {
		SagaState state = checkout.state();
		UUID orderId = checkout.getOrderId();
		Instant deadline = checkout.getDeadline();
		if (state.phase().isFinal()) {
			checkout.moveTo(state, null, null);
			return;
		}
		if (deadline != null && !now.isBefore(deadline)) {
			Transition transition = this.saga.onDeadline(state);
			this.metrics.deadlineExpired(state.phase());
			logger.warn("Order %s: no reply in %s within %s; sending %s".formatted(orderId, state.phase(),
					this.properties.stepTimeout(), transition.actions()));
			apply(this.orders.findById(orderId).orElseThrow(), checkout, transition, null, now,
					new Cause(DEADLINE_PASSED, null));
			return;
		}
		Transition resend = this.saga.onResend(state);
		logger.info("Order %s still waits in %s; sending %s again".formatted(orderId, state.phase(), resend.actions()));
		checkout.snooze(earliest(now.plus(this.properties.resendAfter()), deadline));
		send(this.orders.findById(orderId).orElseThrow(), checkout, resend.actions(), null, true);
	}

	private Order order(Envelope<?> envelope) {
		return this.orders.findById(envelope.orderId())
			.orElseThrow(() -> new IllegalStateException("Saga without order " + envelope.orderId()));
	}

	/**
	 * Moves the saga, journals what moved it (with the saga's new state, before the
	 * commands it sends), updates the order and sends the commands.
	 */
	private void apply(Order order, Checkout checkout, Transition transition, String correlationId, Instant now,
			Cause cause) {
		SagaState previous = checkout.state();
		SagaState next = transition.next();
		if (next.phase().isFinal()) {
			checkout.moveTo(next, null, null);
		}
		else if (!transition.actions().isEmpty()) {
			// A new step, or a new round of compensations. Only a checkout's steps give
			// up; compensations and a cancellation's steps are resent until answered.
			SagaDefinition saga = OrderSagas.runningIn(next.phase());
			Instant deadline = (saga != null && saga.stepsExpire()) ? now.plus(this.properties.stepTimeout()) : null;
			checkout.moveTo(next, deadline, earliest(now.plus(this.properties.resendAfter()), deadline));
		}
		else {
			checkout.moveTo(next, checkout.getDeadline(), checkout.getWakeAt());
		}
		if (cause != null) {
			this.journal.record(order.getId(), cause.kind(), cause.reply(), Topics.SAGA_REPLIES, checkout);
		}
		transition.history().forEach((note) -> order.record(note.step(), note.outcome()));
		if (next.phase().isFinal() && next.phase() != previous.phase()) {
			end(order, previous, next);
			String view = this.finalOrders.announce(order);
			if (OrderSagas.runningIn(previous.phase()) == OrderSagas.CANCELLATION) {
				this.metrics.cancellationEnded(next.phase());
			}
			else {
				// Both ends by the database's clock (rows from before V7 have no start).
				Instant startedAt = (checkout.getStartedAt() != null) ? checkout.getStartedAt() : order.getCreatedAt();
				this.metrics.finished(next.phase(), next.failureReason(), startedAt, now);
				SagaMetrics.afterCommit(this.admission::ended);
				if (checkout.getIdempotencyKey() != null) {
					// What the placing request answers when it waited for this commit's
					// notice: kept for its replays here, not in a transaction of its own.
					this.keys.answered(order.getCustomerId(), checkout.getIdempotencyKey(), view);
				}
			}
		}
		else if (next.cancelRequested() && order.getStatus() != OrderStatus.CANCELLING) {
			order.startCancelling();
		}
		this.orders.update(order);
		send(order, checkout, transition.actions(), correlationId, false);
	}

	private static void end(Order order, SagaState previous, SagaState next) {
		switch (next.phase()) {
			case CONFIRMED -> {
				order.confirm();
				String outcome = previous.cancelRequested()
						? "Order %s stays CONFIRMED: its parcel left before the cancellation could stop it"
						: "Order %s CONFIRMED";
				logger.info(outcome.formatted(order.getId()));
			}
			case REJECTED -> {
				order.reject(next.failureReason());
				logger.info("Order %s REJECTED (%s)".formatted(order.getId(), next.failureReason()));
			}
			case CANCELLED -> {
				order.cancel();
				logger.info("Order %s CANCELLED".formatted(order.getId()));
			}
			default -> throw new IllegalStateException("Not an outcome: " + next.phase());
		}
	}

	private void send(Order order, Checkout checkout, List<Action> actions, String correlationId, boolean again) {
		for (Action action : actions) {
			if (again) {
				this.metrics.resent(action);
			}
			else {
				this.metrics.sent(action);
			}
			Command command = Commands.of(action, order, checkout);
			Envelope<Command> envelope = Envelope.of(order.getId(), correlationId, command);
			this.outbox.send(command.topic(), envelope);
			this.journal.record(order.getId(), again ? RESENT : SENT, envelope, command.topic(), checkout);
		}
	}

	/**
	 * What moved a saga, for its journal.
	 *
	 * @param kind what happened
	 * @param reply the reply that moved it, or {@code null}
	 */
	private record Cause(JournalEntry.Kind kind, Envelope<?> reply) {

	}

	private static Instant earliest(Instant resend, Instant deadline) {
		return (deadline != null && deadline.isBefore(resend)) ? deadline : resend;
	}

}
