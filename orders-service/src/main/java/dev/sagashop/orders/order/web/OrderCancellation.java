package dev.sagashop.orders.order.web;

import java.time.Duration;
import java.util.Optional;
import java.util.UUID;

import dev.sagashop.orders.checkout.CheckoutOrchestrator;
import dev.sagashop.orders.checkout.FinalOrders;
import dev.sagashop.orders.order.Order;
import dev.sagashop.orders.order.Orders;
import dev.sagashop.orders.order.idempotency.IdempotencyKeys;
import dev.sagashop.orders.order.idempotency.IdempotencyKeys.Claim;
import dev.sagashop.platform.web.Caller;

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

	private final OrderWaits waits;

	OrderCancellation(CheckoutOrchestrator checkout, Orders orders, IdempotencyKeys keys,
			TransactionTemplate transactions, FinalOrders finalOrders, OrderWaits waits) {
		this.checkout = checkout;
		this.orders = orders;
		this.keys = keys;
		this.transactions = transactions;
		this.finalOrders = finalOrders;
		this.waits = waits;
	}

	ResponseEntity<String> cancel(UUID orderId, Caller caller, String key, String prefer) {
		Duration wait = PreferWait.requested(prefer);
		KeyedRequests.checkKey(key);
		this.orders.findById(orderId)
			.filter((order) -> caller.maySee(order.getCustomerId()))
			.orElseThrow(() -> notFound(orderId));
		// Whatever was announced before (the checkout's end) says nothing about this.
		this.finalOrders.forgetNotices(orderId);
		String requestHash = (key != null) ? KeyedRequests.sha256("cancel " + orderId) : null;
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
			return this.waits.untilSettled(this.orders.findById(orderId).orElseThrow(() -> notFound(orderId)), wait);
		}
		if (cancelled.earlier() != null) {
			return KeyedRequests.replayOrRefuse(cancelled.earlier());
		}
		ResponseEntity<String> response = this.waits.untilSettled(cancelled.order(), wait);
		if (key != null) {
			this.keys.remember(caller.customerId(), key, response.getStatusCode().value(), response.getBody());
		}
		return response;
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
