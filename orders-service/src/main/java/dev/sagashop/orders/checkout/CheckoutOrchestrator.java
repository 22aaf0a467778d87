package dev.sagashop.orders.checkout;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import dev.sagashop.events.Command;
import dev.sagashop.events.Envelope;
import dev.sagashop.events.Reply;
import dev.sagashop.orders.order.Order;
import dev.sagashop.orders.order.Orders;
import dev.sagashop.platform.messaging.InboundMessages;
import dev.sagashop.platform.messaging.Outbox;
import dev.sagashop.platform.messaging.TraceContexts;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.slf4j.MDC;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Runs the {@link CheckoutSaga}: places orders, applies replies and passed deadlines, and
 * sends the commands it decides through the outbox. Each call is one transaction: the
 * order, the saga's state and the outgoing commands commit together.
 */
@Service
public class CheckoutOrchestrator {

	private static final Log logger = LogFactory.getLog(CheckoutOrchestrator.class);

	private final CheckoutSaga saga = new CheckoutSaga();

	private final Orders orders;

	private final Checkouts checkouts;

	private final Outbox outbox;

	private final CheckoutProperties properties;

	private final Clock clock;

	private final SagaMetrics metrics;

	private final TraceContexts traces;

	private final FinalOrders finalOrders;

	CheckoutOrchestrator(Orders orders, Checkouts checkouts, Outbox outbox, CheckoutProperties properties, Clock clock,
			SagaMetrics metrics, TraceContexts traces, FinalOrders finalOrders) {
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
	 * @return the stored order
	 */
	@Transactional
	public Order place(Order order, String cardToken) {
		Order placed = this.orders.save(order);
		try (MDC.MDCCloseable logged = MDC.putCloseable(InboundMessages.ORDER_ID, placed.getId().toString())) {
			Checkout checkout = new Checkout(placed.getId(), cardToken, this.traces.capture());
			apply(placed, checkout, this.saga.start(), null);
			this.checkouts.save(checkout);
			this.metrics.started();
			logger.info("Order %s placed by %s: %d lines, total %d %s".formatted(placed.getId(), placed.getCustomerId(),
					placed.getItems().size(), placed.getTotal(), placed.getCurrency()));
		}
		return placed;
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
		Optional<Checkout> checkout = this.checkouts.lockById(envelope.orderId());
		if (checkout.isEmpty()) {
			logger.warn("Ignoring %s for unknown order %s".formatted(envelope.type(), envelope.orderId()));
			return;
		}
		SagaState state = checkout.get().state();
		Transition transition = this.saga.onReply(state, reply);
		if (transition.ignored()) {
			logger.info("Order %s in %s ignores %s (duplicate or late)".formatted(envelope.orderId(), state.phase(),
					envelope.type()));
			return;
		}
		apply(order(envelope), checkout.get(), transition, envelope.messageId().toString());
	}

	/**
	 * Acts on sagas whose deadline passed.
	 * @param max how many at most in this transaction
	 * @return how many it handled
	 */
	@Transactional
	public int expireDeadlines(int max) {
		List<java.util.UUID> due = this.checkouts.lockDue(this.clock.instant(), max);
		for (java.util.UUID orderId : due) {
			Checkout checkout = this.checkouts.findById(orderId).orElseThrow();
			// What the deadline decides joins the checkout's trace, and its log lines
			// name
			// the order.
			try (MDC.MDCCloseable logged = MDC.putCloseable(InboundMessages.ORDER_ID, orderId.toString())) {
				this.traces.resume(checkout.getTraceContext(), "sagashop.saga.deadline", () -> {
					SagaState state = checkout.state();
					Transition transition = this.saga.onDeadline(state);
					this.metrics.deadlineExpired(state.phase());
					logger.warn("Order %s: no reply in %s within %s; sending %s".formatted(orderId, state.phase(),
							this.properties.stepTimeout(), transition.actions()));
					apply(this.orders.findById(orderId).orElseThrow(), checkout, transition, null);
					return null;
				});
			}
		}
		return due.size();
	}

	private Order order(Envelope<?> envelope) {
		return this.orders.findById(envelope.orderId())
			.orElseThrow(() -> new IllegalStateException("Saga without order " + envelope.orderId()));
	}

	private void apply(Order order, Checkout checkout, Transition transition, String correlationId) {
		Instant now = this.clock.instant();
		SagaState next = transition.next();
		Instant deadline = next.phase().isFinal() ? null
				: transition.actions().isEmpty() ? checkout.getDeadline() : now.plus(this.properties.stepTimeout());
		checkout.moveTo(next, deadline);
		transition.history().forEach((note) -> order.record(note.step(), note.outcome()));
		if (next.phase() == Phase.CONFIRMED) {
			order.confirm();
			logger.info("Order %s CONFIRMED".formatted(order.getId()));
		}
		else if (next.phase() == Phase.REJECTED) {
			order.reject(next.failureReason());
			logger.info("Order %s REJECTED (%s)".formatted(order.getId(), next.failureReason()));
		}
		if (next.phase().isFinal()) {
			this.metrics.finished(next.phase(), next.failureReason(), order.getCreatedAt(), now);
			this.finalOrders.announce(order);
		}
		for (Action action : transition.actions()) {
			this.metrics.sent(action);
			Command command = Commands.of(action, order, checkout);
			this.outbox.send(command.topic(), Envelope.of(order.getId(), correlationId, command));
		}
	}

}
