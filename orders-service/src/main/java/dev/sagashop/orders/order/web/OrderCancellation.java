package dev.sagashop.orders.order.web;

import java.time.Duration;
import java.util.Optional;
import java.util.UUID;

import dev.sagashop.orders.checkout.CheckoutOrchestrator;
import dev.sagashop.orders.checkout.FinalOrders;
import dev.sagashop.orders.order.Order;
import dev.sagashop.orders.order.OrderView;
import dev.sagashop.orders.order.Orders;
import dev.sagashop.orders.order.idempotency.IdempotencyKeys;
import dev.sagashop.orders.order.idempotency.IdempotencyKeys.Claim;
import dev.sagashop.platform.web.Caller;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.server.ResponseStatusException;

/**
 * {@code POST /api/orders/{id}/cancel}: the owner (or an admin) cancels an order;
 * {@code Idempotency-Key} and {@code Prefer: wait=N} work as when placing one. The answer
 * is {@code 200} with the order once nothing runs on it any more, else {@code 202}.
 */
@Component
class OrderCancellation {

	private final CheckoutOrchestrator checkout;

	private final Orders orders;

	private final IdempotencyKeys keys;

	private final TransactionTemplate transactions;

	private final FinalOrders finalOrders;

	private final JsonMapper json;

	OrderCancellation(CheckoutOrchestrator checkout, Orders orders, IdempotencyKeys keys,
			TransactionTemplate transactions, FinalOrders finalOrders, JsonMapper json) {
		this.checkout = checkout;
		this.orders = orders;
		this.keys = keys;
		this.transactions = transactions;
		this.finalOrders = finalOrders;
		this.json = json;
	}

	ResponseEntity<String> cancel(UUID orderId, Caller caller, String key, String prefer) {
		Duration wait = OrderPlacement.requestedWait(prefer);
		OrderPlacement.checkKey(key);
		this.orders.findById(orderId)
			.filter((order) -> caller.maySee(order.getCustomerId()))
			.orElseThrow(() -> notFound(orderId));
		// Whatever was announced before (the checkout's end) says nothing about this.
		this.finalOrders.forgetNotices(orderId);
		String requestHash = (key != null) ? OrderPlacement.sha256("cancel " + orderId) : null;
		Cancelled cancelled = this.transactions.execute((status) -> {
			if (key != null) {
				Claim claim = this.keys.claim(caller.customerId(), key, requestHash);
				if (!(claim instanceof Claim.Claimed)) {
					return new Cancelled(null, claim);
				}
			}
			Order order = this.checkout.cancel(orderId).orElseThrow(() -> notFound(orderId));
			if (key != null) {
				this.keys.link(caller.customerId(), key, orderId);
			}
			return new Cancelled(order, null);
		});
		if (cancelled.earlier() instanceof Claim.Placed) {
			// Its answer was lost with the instance that took it: answer from the order.
			return awaitSettled(this.orders.findById(orderId).orElseThrow(() -> notFound(orderId)), wait);
		}
		if (cancelled.earlier() != null) {
			return OrderPlacement.replayOrRefuse(cancelled.earlier(), this.json);
		}
		ResponseEntity<String> response = awaitSettled(cancelled.order(), wait);
		if (key != null) {
			this.keys.remember(caller.customerId(), key, response.getStatusCode().value(), response.getBody());
		}
		return response;
	}

	/**
	 * Answers when nothing runs on the order any more, or the wait is over. A notice only
	 * wakes it up: the order is read again, since a notice from before the cancellation
	 * (its checkout's end) may still be on its way.
	 */
	private ResponseEntity<String> awaitSettled(Order order, Duration wait) {
		long deadline = System.nanoTime() + wait.toNanos();
		Order current = order;
		try {
			while (!current.getStatus().isFinal() && System.nanoTime() < deadline) {
				Duration left = Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
				this.finalOrders.await(order.getId(),
						(left.compareTo(OrderPlacement.RECHECK) < 0) ? left : OrderPlacement.RECHECK);
				this.finalOrders.forgetNotices(order.getId());
				current = this.orders.findById(order.getId()).orElse(current);
			}
		}
		finally {
			this.finalOrders.forget(order.getId());
		}
		HttpStatus status = current.getStatus().isFinal() ? HttpStatus.OK : HttpStatus.ACCEPTED;
		return OrderPlacement.respond(status, current.getId(), this.json.writeValueAsString(OrderView.of(current)),
				wait);
	}

	private static ResponseStatusException notFound(UUID orderId) {
		return new ResponseStatusException(HttpStatus.NOT_FOUND, "No order " + orderId);
	}

	/**
	 * The order after its cancellation was taken, or what became of an earlier request.
	 */
	private record Cancelled(Order order, Claim earlier) {

	}

}
