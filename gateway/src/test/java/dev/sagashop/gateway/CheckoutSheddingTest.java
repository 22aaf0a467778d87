package dev.sagashop.gateway;

import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.route.Route;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.HttpHandler;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.http.server.reactive.MockServerHttpResponse;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.security.oauth2.jwt.Jwt;

import static org.assertj.core.api.Assertions.assertThat;

/** When the gateway answers new orders itself, and when it lets one through to ask. */
class CheckoutSheddingTest {

	final AtomicLong now = new AtomicLong(1_000_000_000L);

	/** Tokens as the gateway's decoder keeps them: each valid for five minutes. */
	final VerifiedTokens tokens = new VerifiedTokens((token) -> Mono.just(Jwt.withTokenValue(token)
		.header("alg", "RS256")
		.subject("alice")
		.expiresAt(Instant.now().plusSeconds(300))
		.build()), Clock.systemUTC(), 100);

	final CheckoutShedding shedding = new CheckoutShedding(new SimpleMeterRegistry(), this.tokens, this.now::get);

	final AtomicInteger reached = new AtomicInteger();

	@Test
	void refusesUntilTheServicesTimeThenLetsOneThroughToAsk() {
		MockServerWebExchange first = send(refusal(100));
		assertThat(first.getResponse().getStatusCode()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
		assertThat(first.getResponse().getHeaders().getFirst(CheckoutShedding.CLOSED_FOR)).as("kept here").isNull();
		assertThat(this.reached).hasValue(1);

		MockServerWebExchange refused = send(answer(HttpStatus.ACCEPTED));
		assertThat(refused.getResponse().getStatusCode()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
		assertThat(refused.getResponse().getHeaders().getFirst("Retry-After")).isEqualTo("3");
		assertThat(this.reached).as("refused here").hasValue(1);
		assertThat(send(answer(HttpStatus.OK), "lb://another").getResponse().getStatusCode()).as("another service")
			.isEqualTo(HttpStatus.OK);

		this.now.addAndGet(100_000_000);
		MockServerWebExchange probe = send((exchange) -> {
			this.reached.incrementAndGet();
			return Mono.empty();
		});
		assertThat(this.reached).as("one let through to ask").hasValue(3);
		assertThat(send(answer(HttpStatus.ACCEPTED)).getResponse().getStatusCode()).as("while it waits for its answer")
			.isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
		assertThat(this.reached).hasValue(3);

		probe.getResponse().setStatusCode(HttpStatus.ACCEPTED);
		probe.getResponse().setComplete().block();
		assertThat(send(answer(HttpStatus.ACCEPTED)).getResponse().getStatusCode()).as("open again")
			.isEqualTo(HttpStatus.ACCEPTED);
		assertThat(this.reached).hasValue(4);
	}

	@Test
	void asksAgainWhenTheProbesAnswerDoesNotCome() {
		send(refusal(100));
		this.now.addAndGet(100_000_000);
		send((exchange) -> {
			this.reached.incrementAndGet();
			return Mono.empty();
		});
		this.now.addAndGet(CheckoutShedding.PROBE_WAIT.toNanos());
		assertThat(send(refusal(100)).getResponse().getStatusCode()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
		assertThat(this.reached).as("a second probe").hasValue(3);
		assertThat(send(answer(HttpStatus.ACCEPTED)).getResponse().getStatusCode()).as("closed again")
			.isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
	}

	@Test
	void letsEverythingElseThrough() {
		send(refusal(100));
		MockServerWebExchange read = MockServerWebExchange.from(MockServerHttpRequest.get("/api/orders"));
		read.getAttributes().put(ServerWebExchangeUtils.GATEWAY_ROUTE_ATTR, route(ORDERS));
		this.shedding.filter(read, answer(HttpStatus.OK)).block();
		MockServerWebExchange cancel = MockServerWebExchange.from(MockServerHttpRequest.post("/api/orders/7/cancel"));
		cancel.getAttributes().put(ServerWebExchangeUtils.GATEWAY_ROUTE_ATTR, route(ORDERS));
		this.shedding.filter(cancel, answer(HttpStatus.OK)).block();
		assertThat(read.getResponse().getStatusCode()).isEqualTo(HttpStatus.OK);
		assertThat(cancel.getResponse().getStatusCode()).isEqualTo(HttpStatus.OK);
	}

	@Test
	void refusesAKnownCustomersNewOrderBeforeTheWebStackWhileTheDoorIsClosed() {
		this.tokens.decode("known").block();
		AtomicInteger wholeWay = new AtomicInteger();
		HttpHandler edge = this.shedding.apply((request, response) -> {
			wholeWay.incrementAndGet();
			return response.setComplete();
		});
		handle(edge, checkout("known"));
		assertThat(wholeWay).as("the door open").hasValue(1);

		send(refusal(100));
		MockServerHttpResponse refused = handle(edge, checkout("known"));
		assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
		assertThat(refused.getHeaders().getFirst("Retry-After")).isEqualTo("3");
		assertThat(refused.getHeaders().getContentType()).hasToString("application/problem+json");
		assertThat(refused.getBodyAsString().block()).contains("\"title\":\"Checkout overloaded\"")
			.contains("\"instance\":\"/api/orders\"");
		assertThat(wholeWay).as("refused at the edge").hasValue(1);

		handle(edge, checkout("never-verified"));
		handle(edge, MockServerHttpRequest.post("/api/orders").build());
		handle(edge, MockServerHttpRequest.get("/api/orders").header("Authorization", "Bearer known").build());
		handle(edge,
				MockServerHttpRequest.post("/api/orders/7/cancel").header("Authorization", "Bearer known").build());
		assertThat(wholeWay).as("a token not verified yet, none, a read, a cancellation: the whole way").hasValue(5);

		this.now.addAndGet(100_000_000);
		handle(edge, checkout("known"));
		assertThat(wholeWay).as("the door's time passed: the request that asks").hasValue(6);
	}

	private static MockServerHttpRequest checkout(String token) {
		return MockServerHttpRequest.post("/api/orders").header("Authorization", "Bearer " + token).build();
	}

	private static MockServerHttpResponse handle(HttpHandler handler, MockServerHttpRequest request) {
		MockServerHttpResponse response = new MockServerHttpResponse();
		handler.handle(request, response).block();
		return response;
	}

	static final String ORDERS = "lb://orders";

	private MockServerWebExchange send(GatewayFilterChain service) {
		return send(service, ORDERS);
	}

	private MockServerWebExchange send(GatewayFilterChain service, String routedTo) {
		MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.post("/api/orders"));
		exchange.getAttributes().put(ServerWebExchangeUtils.GATEWAY_ROUTE_ATTR, route(routedTo));
		this.shedding.filter(exchange, service).block();
		return exchange;
	}

	private static Route route(String uri) {
		return Route.async().id(uri).uri(URI.create(uri)).predicate((exchange) -> true).build();
	}

	/** orders-service refusing every new order for the next milliseconds. */
	private GatewayFilterChain refusal(long closedForMillis) {
		return (exchange) -> {
			this.reached.incrementAndGet();
			exchange.getResponse().setStatusCode(HttpStatus.SERVICE_UNAVAILABLE);
			exchange.getResponse().getHeaders().set("Retry-After", "3");
			exchange.getResponse().getHeaders().set(CheckoutShedding.CLOSED_FOR, Long.toString(closedForMillis));
			return exchange.getResponse().setComplete();
		};
	}

	private GatewayFilterChain answer(HttpStatus status) {
		return (exchange) -> {
			this.reached.incrementAndGet();
			exchange.getResponse().setStatusCode(status);
			return exchange.getResponse().setComplete();
		};
	}

}
