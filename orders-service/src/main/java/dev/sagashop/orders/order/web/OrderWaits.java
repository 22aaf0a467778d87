package dev.sagashop.orders.order.web;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;

import dev.sagashop.orders.checkout.FinalNotice;
import dev.sagashop.orders.checkout.FinalOrders;
import dev.sagashop.orders.order.Order;
import dev.sagashop.orders.order.OrderView;
import dev.sagashop.orders.order.Orders;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;

/**
 * Holds an answer until the order is final or the client's {@link PreferWait} is over.
 * The saga's last step may be applied by another instance: its commit wakes the waiting
 * request ({@link FinalOrders}); without a notice the order is read again, at least every
 * {@link #RECHECK}.
 */
@Component
class OrderWaits {

	/** How often a waiting request re-reads its order without a notice. */
	static final Duration RECHECK = Duration.ofMillis(500);

	private final FinalOrders finalOrders;

	private final Orders orders;

	private final JsonMapper json;

	OrderWaits(FinalOrders finalOrders, Orders orders, JsonMapper json) {
		this.finalOrders = finalOrders;
		this.orders = orders;
		this.json = json;
	}

	/**
	 * A placed order's answer: {@code 201} once its checkout is final, else {@code 202}.
	 * The final order a notice carries is answered as it is.
	 * @param placed the order as placed
	 * @param wait how long the client waits
	 * @return the answer
	 */
	Answer untilPlaced(Order placed, Duration wait) {
		return until(placed, wait, HttpStatus.CREATED, true);
	}

	/**
	 * A cancelled order's answer: {@code 200} once nothing runs on it any more, else
	 * {@code 202}. A notice only wakes the request up: the order is read again, since a
	 * notice from before the cancellation (its checkout's end) may still be on its way.
	 * @param order the order as the cancellation left it
	 * @param wait how long the client waits
	 * @return the answer
	 */
	ResponseEntity<String> untilSettled(Order order, Duration wait) {
		return until(order, wait, HttpStatus.OK, false).response();
	}

	/**
	 * Waits for notices until the order is final or the wait is over.
	 * @param answerFromNotice whether the order a notice carries is answered as it is
	 * (else the notice is forgotten and the order read again)
	 */
	private Answer until(Order order, Duration wait, HttpStatus settled, boolean answerFromNotice) {
		long deadline = System.nanoTime() + wait.toNanos();
		Order current = order;
		try {
			while (!current.getStatus().isFinal() && System.nanoTime() < deadline) {
				Optional<FinalNotice> notice = this.finalOrders.await(order.getId(), nextLook(deadline));
				if (!answerFromNotice) {
					this.finalOrders.forgetNotices(order.getId());
				}
				else if (notice.isPresent() && notice.get().view() != null) {
					return new Answer(respond(settled, order.getId(), notice.get().view(), wait), true);
				}
				current = this.orders.findById(order.getId()).orElse(current);
			}
		}
		finally {
			this.finalOrders.forget(order.getId());
		}
		return new Answer(respond(current.getStatus().isFinal() ? settled : HttpStatus.ACCEPTED, current, wait), false);
	}

	private static Duration nextLook(long deadline) {
		Duration left = Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
		return (left.compareTo(RECHECK) < 0) ? left : RECHECK;
	}

	private ResponseEntity<String> respond(HttpStatus status, Order order, Duration wait) {
		return respond(status, order.getId(), this.json.writeValueAsString(OrderView.of(order)), wait);
	}

	private static ResponseEntity<String> respond(HttpStatus status, UUID orderId, String body, Duration wait) {
		ResponseEntity.BodyBuilder response = ResponseEntity.status(status)
			.location(URI.create("/api/orders/" + orderId))
			.contentType(MediaType.APPLICATION_JSON);
		String applied = PreferWait.applied(wait);
		if (applied != null) {
			response.header("Preference-Applied", applied);
		}
		return response.body(body);
	}

	/**
	 * An answer, and where its body came from.
	 *
	 * @param response the answer
	 * @param announced whether it is the final order as the transaction that made it
	 * final announced it (and, for a request with a key, stored it for replays)
	 */
	record Answer(ResponseEntity<String> response, boolean announced) {

	}

}
