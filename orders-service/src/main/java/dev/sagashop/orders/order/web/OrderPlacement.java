package dev.sagashop.orders.order.web;

import java.time.Duration;
import java.util.Optional;

import dev.sagashop.orders.checkout.Admission;
import dev.sagashop.orders.checkout.CheckoutOrchestrator;
import dev.sagashop.orders.order.Order;
import dev.sagashop.orders.order.Orders;
import dev.sagashop.orders.order.idempotency.IdempotencyKeys;
import dev.sagashop.orders.order.idempotency.IdempotencyKeys.Claim;
import dev.sagashop.platform.web.Caller;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * {@code POST /api/orders}: admits the request ({@link Admission}), prices it
 * ({@link OrderPricing}), places the order and starts its saga in one transaction with
 * the request's {@code Idempotency-Key} (per customer), and answers when the checkout is
 * final or the client's {@link PreferWait} is over ({@link OrderWaits}).
 */
@Component
class OrderPlacement {

	private final OrderPricing pricing;

	private final CheckoutOrchestrator checkout;

	private final Orders orders;

	private final IdempotencyKeys keys;

	private final TransactionTemplate transactions;

	private final JsonMapper json;

	private final OrderWaits waits;

	private final Admission admission;

	OrderPlacement(OrderPricing pricing, CheckoutOrchestrator checkout, Orders orders, IdempotencyKeys keys,
			TransactionTemplate transactions, JsonMapper json, OrderWaits waits, Admission admission) {
		this.pricing = pricing;
		this.checkout = checkout;
		this.orders = orders;
		this.keys = keys;
		this.transactions = transactions;
		this.json = json;
		this.waits = waits;
		this.admission = admission;
	}

	ResponseEntity<String> place(PlaceOrderRequest request, Caller caller, String bearerToken, String key,
			String prefer) {
		Duration wait = PreferWait.requested(prefer);
		KeyedRequests.checkKey(key);
		if (key != null) {
			return placeWithKey(request, caller, bearerToken, key, wait);
		}
		Order order;
		try {
			order = admittedAndPriced(request, caller, bearerToken);
		}
		catch (Problems.Overloaded refused) {
			this.admission.shed();
			throw refused;
		}
		Order placed = this.transactions
			.execute((status) -> this.checkout.place(order, request.payment().cardToken(), null));
		return this.waits.untilPlaced(placed, wait).response();
	}

	/**
	 * Claims the key, places the order and starts its saga, and links the key to the
	 * order, in one transaction: a failure rolls the claim back with the rest. A request
	 * that can place nothing (refused at the door, or not priced) still learns what
	 * became of an earlier request with its key, and does not use the key up.
	 */
	private ResponseEntity<String> placeWithKey(PlaceOrderRequest request, Caller caller, String bearerToken,
			String key, Duration wait) {
		String customerId = caller.customerId();
		Order order;
		try {
			order = admittedAndPriced(request, caller, bearerToken);
		}
		catch (Problems.Overloaded refused) {
			// Refused at the door, as most requests are under overload: a key never
			// seen is refused with one read, nothing written (a claim would be written
			// and rolled back).
			if (!this.keys.known(customerId, key)) {
				this.admission.shed();
				throw refused;
			}
			return earlierOrRefused(customerId, key, requestHash(request), refused, wait);
		}
		catch (RuntimeException unplaceable) {
			return earlierOrRefused(customerId, key, requestHash(request), unplaceable, wait);
		}
		String requestHash = requestHash(request);
		Placed placed = this.transactions.execute((status) -> {
			Claim claim = this.keys.claim(customerId, key, requestHash);
			if (!(claim instanceof Claim.Claimed)) {
				return new Placed(null, claim);
			}
			Order stored = this.checkout.place(order, request.payment().cardToken(), key);
			this.keys.link(customerId, key, stored.getId());
			return new Placed(stored, null);
		});
		if (placed.earlier() != null) {
			return answerEarlier(placed.earlier(), wait);
		}
		OrderWaits.Answer answer = this.waits.untilPlaced(placed.order(), wait);
		ResponseEntity<String> response = answer.response();
		if (!answer.announced()) {
			// Not final yet (202), or read back rather than announced: the transaction
			// that made the order final stored the announced view, not this one.
			this.keys.remember(customerId, key, response.getStatusCode().value(), response.getBody());
		}
		return response;
	}

	/**
	 * What became of an earlier request with the key, for a request that places nothing;
	 * where there was none, its own failure (the claim rolled back: the key stays
	 * unused).
	 */
	private ResponseEntity<String> earlierOrRefused(String customerId, String key, String requestHash,
			RuntimeException unplaceable, Duration wait) {
		Claim earlier = this.transactions.execute((status) -> {
			Claim claim = this.keys.claim(customerId, key, requestHash);
			if (claim instanceof Claim.Claimed) {
				if (unplaceable instanceof Problems.Overloaded) {
					this.admission.shed();
				}
				throw unplaceable;
			}
			return claim;
		});
		return answerEarlier(earlier, wait);
	}

	private String requestHash(PlaceOrderRequest request) {
		return KeyedRequests.sha256(this.json.writeValueAsString(request));
	}

	/**
	 * The order, once admitted and priced.
	 * @throws Problems.Overloaded while the checkout cannot keep up (not yet counted as
	 * shed)
	 */
	private Order admittedAndPriced(PlaceOrderRequest request, Caller caller, String bearerToken) {
		Optional<Admission.Refusal> refusal = this.admission.refusal();
		if (refusal.isPresent()) {
			throw Problems.overloaded(refusal.get());
		}
		// Priced before the transaction, so no connection waits on the catalogue.
		return this.pricing.price(request, caller, bearerToken);
	}

	private ResponseEntity<String> answerEarlier(Claim earlier, Duration wait) {
		if (earlier instanceof Claim.Placed lost) {
			// Its answer was lost with the instance that placed it:
			// answer from the order.
			return this.waits.untilPlaced(this.orders.findById(lost.orderId()).orElseThrow(), wait).response();
		}
		return KeyedRequests.replayOrRefuse(earlier);
	}

	/** The order placed, or what became of an earlier request with the same key. */
	private record Placed(Order order, Claim earlier) {

	}

}
