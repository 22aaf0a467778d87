package dev.sagashop.gateway;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import reactor.core.publisher.Mono;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.cloud.gateway.route.Route;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.HttpHandler;
import org.springframework.http.server.reactive.HttpHandlerDecoratorFactory;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;

/**
 * Refuses new orders here while orders-service refuses them anyway (ADR 36). Its
 * admission control (ADR 14) answers a refusal with {@value #CLOSED_FOR}: how many
 * milliseconds it will refuse every new order, until its next reading of the sagas in
 * flight has ended. Until then, a {@code POST /api/orders} is answered here with the same
 * {@code 503} and {@code Retry-After}, without reaching it. Then one request goes through
 * to ask (the others still refused until its answer): a refusal closes the door again,
 * any other answer opens it. Under overload (three times the load the checkout carries)
 * most requests are refused, and a refusal made here costs a fraction of one proxied. One
 * door per route's service (its instances read the same sagas in flight, and are full
 * together), checked before the route's own filters. The header never reaches the client.
 * <p>
 * While the door is closed, a new order whose bearer token this gateway has verified
 * before is refused earlier still, as the HTTP server hands the request over
 * ({@link #apply(HttpHandler)}): no observation, no security chain, no route lookup (ADR
 * 36, addendum). Any other request goes the whole way and is decided by {@link #filter}.
 */
@Component
class CheckoutShedding implements GlobalFilter, HttpHandlerDecoratorFactory, Ordered {

	/** orders-service's header: how long it refuses every new order, in ms. */
	static final String CLOSED_FOR = "Sagashop-Admission-Closed-Ms";

	/**
	 * How long the other new orders are refused while one, let through once the door's
	 * time has passed, waits for its answer.
	 */
	static final Duration PROBE_WAIT = Duration.ofSeconds(1);

	private static final String CHECKOUT = "/api/orders";

	private static final String BEARER = "Bearer ";

	private final Map<String, Door> doors = new ConcurrentHashMap<>();

	private final LongSupplier nanoTime;

	private final Counter shed;

	private final VerifiedTokens tokens;

	/** The address of the service the last new order was routed to. */
	private volatile String checkoutAddress;

	@Autowired
	CheckoutShedding(MeterRegistry meters, VerifiedTokens tokens) {
		this(meters, tokens, System::nanoTime);
	}

	CheckoutShedding(MeterRegistry meters, VerifiedTokens tokens, LongSupplier nanoTime) {
		this.nanoTime = nanoTime;
		this.tokens = tokens;
		this.shed = Counter.builder("sagashop.gateway.checkout.shed")
			.description("New orders refused with 503 by the gateway while orders-service refused every new order")
			.register(meters);
	}

	/**
	 * Before the route's own filters (its circuit breaker, retries and the load
	 * balancer): a refusal made here costs none of them.
	 */
	@Override
	public int getOrder() {
		return 0;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
		ServerHttpRequest request = exchange.getRequest();
		Route route = exchange.getAttribute(ServerWebExchangeUtils.GATEWAY_ROUTE_ATTR);
		if (route == null || !isCheckout(request)) {
			return chain.filter(exchange);
		}
		String address = route.getUri().toString();
		this.checkoutAddress = address;
		Door door = this.doors.get(address);
		long now = this.nanoTime.getAsLong();
		if (door != null && (!door.admitsProbe(now) || !this.doors.replace(address, door, door.probedAt(now)))) {
			return refuse(request, exchange.getResponse(), door);
		}
		// Let through past a closed door: the one request that asks.
		boolean probe = door != null;
		ServerHttpResponse response = exchange.getResponse();
		response.beforeCommit(() -> {
			answered(address, response.getHeaders(), probe);
			return Mono.empty();
		});
		return chain.filter(exchange);
	}

	/**
	 * Refuses a new order as the HTTP server hands it over while the door of the service
	 * new orders go to is closed and asks nobody yet, if its bearer token was verified
	 * here before and has not expired: what the whole way would have answered, for a
	 * fraction of its cost (a refusal's observation, security chain, route lookup and
	 * filters were most of the gateway's ~2 ms of CPU on one). Any other request goes the
	 * whole way: a token not verified yet is checked as always, and the request that asks
	 * once the door's time has passed is let through by {@link #filter}.
	 */
	@Override
	public HttpHandler apply(HttpHandler handler) {
		return (request, response) -> {
			Door door = closedToKnownCustomer(request);
			return (door != null) ? refuse(request, response, door) : handler.handle(request, response);
		};
	}

	private Door closedToKnownCustomer(ServerHttpRequest request) {
		String address = this.checkoutAddress;
		if (address == null || !isCheckout(request)) {
			return null;
		}
		Door door = this.doors.get(address);
		if (door == null || door.admitsProbe(this.nanoTime.getAsLong())) {
			return null;
		}
		String authorization = request.getHeaders().getFirst(HttpHeaders.AUTHORIZATION);
		boolean bearer = authorization != null && authorization.length() > BEARER.length()
				&& authorization.regionMatches(true, 0, BEARER, 0, BEARER.length());
		Jwt known = bearer ? this.tokens.known(authorization.substring(BEARER.length())) : null;
		return (known != null) ? door : null;
	}

	private static boolean isCheckout(ServerHttpRequest request) {
		return request.getMethod() == HttpMethod.POST && CHECKOUT.equals(request.getPath().value());
	}

	private Mono<Void> refuse(ServerHttpRequest request, ServerHttpResponse response, Door door) {
		this.shed.increment();
		response.getHeaders().set(HttpHeaders.RETRY_AFTER, Long.toString(door.retryAfter()));
		return Problems.write(request, response, HttpStatus.SERVICE_UNAVAILABLE, "Checkout overloaded",
				"The checkout cannot keep up right now and created nothing; send the same request again after "
						+ door.retryAfter() + " s (with the same Idempotency-Key, if any).");
	}

	/**
	 * Closes the service's door on its refusal (the header stays here); the probe's other
	 * answer opens it.
	 */
	private void answered(String address, HttpHeaders headers, boolean probe) {
		String closedFor = headers.getFirst(CLOSED_FOR);
		if (closedFor != null) {
			headers.remove(CLOSED_FOR);
			try {
				long millis = Long.parseLong(closedFor);
				long retryAfter = Long.parseLong(String.valueOf(headers.getFirst(HttpHeaders.RETRY_AFTER)));
				if (millis > 0 && millis <= 10_000 && retryAfter > 0) {
					this.doors.put(address, new Door(this.nanoTime.getAsLong() + millis * 1_000_000, retryAfter, 0));
					return;
				}
			}
			catch (NumberFormatException ex) {
				// Not a refusal this gateway can repeat: treated as any other answer.
			}
		}
		if (probe) {
			this.doors.remove(address);
		}
	}

	/**
	 * A service's door, closed.
	 *
	 * @param until when it may admit again ({@link System#nanoTime()})
	 * @param retryAfter the {@code Retry-After} it answered, in seconds
	 * @param probedAt when a request was let through to learn whether it admits again, 0
	 * before
	 */
	private record Door(long until, long retryAfter, long probedAt) {

		/**
		 * Whether a request may go through to ask: once the time it gave has passed, one
		 * at a time (the others are refused until the probe's answer comes, or for at
		 * most {@link CheckoutShedding#PROBE_WAIT}).
		 */
		boolean admitsProbe(long now) {
			return now - this.until >= 0 && (this.probedAt == 0 || now - this.probedAt >= PROBE_WAIT.toNanos());
		}

		Door probedAt(long now) {
			return new Door(this.until, this.retryAfter, now);
		}

	}

}
