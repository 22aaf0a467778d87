package dev.sagashop.orders.order.web;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.sagashop.orders.catalogue.Catalogue;
import dev.sagashop.orders.checkout.Admission;
import dev.sagashop.orders.checkout.CheckoutOrchestrator;
import dev.sagashop.orders.checkout.FinalOrders;
import dev.sagashop.orders.order.Order;
import dev.sagashop.orders.order.OrderLine;
import dev.sagashop.orders.order.OrderView;
import dev.sagashop.orders.order.Orders;
import dev.sagashop.orders.order.ShippingAddress;
import dev.sagashop.orders.order.idempotency.IdempotencyKeys;
import dev.sagashop.orders.order.idempotency.IdempotencyKeys.Claim;
import dev.sagashop.platform.web.Caller;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.ErrorResponseException;

/**
 * {@code POST /api/orders}: prices the order from the catalogue, places it, honours
 * {@code Idempotency-Key} (per customer) and {@code Prefer: wait=N}.
 */
@Component
class OrderPlacement {

	static final Duration MAX_WAIT = Duration.ofSeconds(30);

	private static final Pattern WAIT = Pattern.compile("(?:^|[,;\\s])wait\\s*=\\s*(\\d{1,6})(?:$|[,;\\s])");

	private final Catalogue catalogue;

	private final CheckoutOrchestrator checkout;

	private final Orders orders;

	private final IdempotencyKeys keys;

	private final TransactionTemplate transactions;

	private final JsonMapper json;

	private final FinalOrders finalOrders;

	private final Admission admission;

	/** How often a waiting request re-reads its order without a notice. */
	static final Duration RECHECK = Duration.ofMillis(500);

	OrderPlacement(Catalogue catalogue, CheckoutOrchestrator checkout, Orders orders, IdempotencyKeys keys,
			TransactionTemplate transactions, JsonMapper json, FinalOrders finalOrders, Admission admission) {
		this.finalOrders = finalOrders;
		this.admission = admission;
		this.catalogue = catalogue;
		this.checkout = checkout;
		this.orders = orders;
		this.keys = keys;
		this.transactions = transactions;
		this.json = json;
	}

	ResponseEntity<String> place(PlaceOrderRequest request, Caller caller, String bearerToken, String key,
			String prefer) {
		Duration wait = requestedWait(prefer);
		checkKey(key);
		// Refused at the door while the checkout cannot keep up; with a key, an earlier
		// request's answer is still given, and the key is not used up.
		Optional<Duration> refusal = this.admission.refusal();
		if (refusal.isPresent() && key == null) {
			this.admission.shed();
			throw overloaded(refusal.get());
		}
		String requestHash = (key != null) ? hash(request) : null;
		// Priced before the transaction, so no connection waits on the catalogue. When
		// pricing fails, a request with a key still learns what became of an earlier one.
		Order order = null;
		RuntimeException unplaceable = (refusal.isPresent()) ? overloaded(refusal.get()) : null;
		if (unplaceable == null) {
			try {
				order = priced(request, caller, bearerToken);
			}
			catch (RuntimeException ex) {
				if (key == null) {
					throw ex;
				}
				unplaceable = ex;
			}
		}
		Placed placed = place(order, unplaceable, request.payment().cardToken(), caller.customerId(), key, requestHash);
		if (placed.earlier() != null) {
			return answerEarlier(placed.earlier(), wait);
		}
		ResponseEntity<String> response = awaitFinal(placed.order(), wait);
		if (key != null) {
			this.keys.remember(caller.customerId(), key, response.getStatusCode().value(), response.getBody());
		}
		return response;
	}

	/**
	 * One transaction: claims the key, stores the order and starts its saga, links the
	 * key to it. A failure rolls the claim back with the rest.
	 */
	private Placed place(Order order, RuntimeException unplaceable, String cardToken, String customerId, String key,
			String requestHash) {
		return this.transactions.execute((status) -> {
			if (key != null) {
				Claim claim = this.keys.claim(customerId, key, requestHash);
				if (!(claim instanceof Claim.Claimed)) {
					return new Placed(null, claim);
				}
			}
			if (unplaceable != null) {
				if (unplaceable instanceof Overloaded) {
					this.admission.shed();
				}
				throw unplaceable;
			}
			Order stored = this.checkout.place(order, cardToken);
			if (key != null) {
				this.keys.link(customerId, key, stored.getId());
			}
			return new Placed(stored, null);
		});
	}

	private ResponseEntity<String> answerEarlier(Claim claim, Duration wait) {
		if (claim instanceof Claim.Placed placed) {
			// Its answer was lost with the instance that placed it: answer from the
			// order.
			return awaitFinal(this.orders.findById(placed.orderId()).orElseThrow(), wait);
		}
		return replayOrRefuse(claim, this.json);
	}

	/**
	 * The answer to a request whose key an earlier request claimed, unless that one's
	 * answer was lost ({@link Claim.Placed}): its answer again, or why there is none.
	 */
	static ResponseEntity<String> replayOrRefuse(Claim claim, JsonMapper json) {
		if (claim instanceof Claim.Replay replay) {
			return ResponseEntity.status(replay.status())
				.location(URI.create("/api/orders/" + json.readTree(replay.body()).get("id").asString()))
				.contentType(MediaType.APPLICATION_JSON)
				.header("Idempotent-Replayed", "true")
				.body(replay.body());
		}
		if (claim instanceof Claim.InFlight) {
			throw problem(HttpStatus.CONFLICT, "Request in progress",
					"A request with this Idempotency-Key is still being answered; retry shortly.");
		}
		throw problem(HttpStatus.UNPROCESSABLE_CONTENT, "Idempotency-Key reused",
				"This Idempotency-Key was used for a different request.");
	}

	private Order priced(PlaceOrderRequest request, Caller caller, String bearerToken) {
		List<OrderLine> lines = new ArrayList<>();
		Set<String> currencies = new TreeSet<>();
		for (PlaceOrderRequest.Line line : request.items()) {
			Catalogue.Price price = this.catalogue.price(line.sku(), bearerToken)
				.orElseThrow(() -> problem(HttpStatus.UNPROCESSABLE_CONTENT, "Unknown product",
						"No product with sku " + line.sku()));
			currencies.add(price.currency());
			lines.add(new OrderLine(line.sku(), line.quantity(), price.price()));
		}
		if (currencies.size() > 1) {
			throw problem(HttpStatus.UNPROCESSABLE_CONTENT, "Mixed currencies",
					"All products of one order must share a currency, found " + currencies);
		}
		PlaceOrderRequest.Address address = request.shippingAddress();
		return Order.place(caller.customerId(), lines, currencies.iterator().next(), new ShippingAddress(address.name(),
				address.line1(), address.city(), address.postalCode(), address.country()));
	}

	/**
	 * Answers when the order's saga is final or the wait is over. The last reply may be
	 * applied by another instance: its commit wakes this one with the final order
	 * ({@link FinalOrders}); without a notice, or when the order did not fit in it, the
	 * order is read again, at least every {@link #RECHECK}.
	 */
	private ResponseEntity<String> awaitFinal(Order placed, Duration wait) {
		long deadline = System.nanoTime() + wait.toNanos();
		Order current = placed;
		try {
			while (!current.getStatus().isFinal() && System.nanoTime() < deadline) {
				Duration left = Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
				Optional<FinalOrders.Notice> notice = this.finalOrders.await(placed.getId(),
						(left.compareTo(RECHECK) < 0) ? left : RECHECK);
				if (notice.isPresent() && notice.get().view() != null) {
					return respond(HttpStatus.CREATED, placed.getId(), notice.get().view(), wait);
				}
				current = this.orders.findById(placed.getId()).orElse(current);
			}
		}
		finally {
			this.finalOrders.forget(placed.getId());
		}
		HttpStatus status = current.getStatus().isFinal() ? HttpStatus.CREATED : HttpStatus.ACCEPTED;
		return respond(status, current.getId(), this.json.writeValueAsString(OrderView.of(current)), wait);
	}

	static ResponseEntity<String> respond(HttpStatus status, UUID orderId, String body, Duration wait) {
		ResponseEntity.BodyBuilder response = ResponseEntity.status(status)
			.location(URI.create("/api/orders/" + orderId))
			.contentType(MediaType.APPLICATION_JSON);
		if (!wait.isZero()) {
			response.header("Preference-Applied", "wait=" + wait.toSeconds());
		}
		return response.body(body);
	}

	/** An {@code Idempotency-Key} has 1 to 255 characters. */
	static void checkKey(String key) {
		if (key != null && (key.isEmpty() || key.length() > 255)) {
			throw problem(HttpStatus.BAD_REQUEST, "Invalid Idempotency-Key",
					"An Idempotency-Key has 1 to 255 characters.");
		}
	}

	/** {@code Prefer: wait=N} (RFC 7240), capped at 30 s; zero without it. */
	static Duration requestedWait(String prefer) {
		if (prefer == null) {
			return Duration.ZERO;
		}
		Matcher matcher = WAIT.matcher(prefer);
		if (!matcher.find()) {
			return Duration.ZERO;
		}
		Duration asked = Duration.ofSeconds(Long.parseLong(matcher.group(1)));
		return asked.compareTo(MAX_WAIT) > 0 ? MAX_WAIT : asked;
	}

	private String hash(PlaceOrderRequest request) {
		return sha256(this.json.writeValueAsString(request));
	}

	/** The hash of a request's content that its {@code Idempotency-Key} is kept with. */
	static String sha256(String canonical) {
		try {
			return HexFormat.of()
				.formatHex(MessageDigest.getInstance("SHA-256").digest(canonical.getBytes(StandardCharsets.UTF_8)));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** 503 with {@code Retry-After}: the contract's answer to overload (ADR 14). */
	static ErrorResponseException overloaded(Duration retryAfter) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
				"The checkout cannot keep up right now and created nothing; send the same request again after "
						+ retryAfter.toSeconds() + " s (with the same Idempotency-Key, if any).");
		problem.setTitle("Checkout overloaded");
		Overloaded refused = new Overloaded(problem);
		refused.getHeaders().set(HttpHeaders.RETRY_AFTER, Long.toString(retryAfter.toSeconds()));
		return refused;
	}

	/**
	 * The refusal of admission control, told apart from the other reasons to place
	 * nothing.
	 */
	private static final class Overloaded extends ErrorResponseException {

		Overloaded(ProblemDetail problem) {
			super(HttpStatus.SERVICE_UNAVAILABLE, problem, null);
		}

	}

	static ErrorResponseException problem(HttpStatus status, String title, String detail) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
		problem.setTitle(title);
		return new ErrorResponseException(status, problem, null);
	}

	/** The order placed, or what became of an earlier request with the same key. */
	private record Placed(Order order, Claim earlier) {

	}

}
