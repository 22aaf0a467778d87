package dev.sagashop.loadtests;

import java.time.Duration;
import java.util.UUID;

import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;
import io.gatling.javaapi.http.HttpProtocolBuilder;

import static io.gatling.javaapi.core.CoreDsl.StringBody;
import static io.gatling.javaapi.core.CoreDsl.atOnceUsers;
import static io.gatling.javaapi.core.CoreDsl.constantUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.jsonPath;
import static io.gatling.javaapi.core.CoreDsl.rampUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

/**
 * Checkouts through the gateway at a constant arrival rate (open model), or by a number
 * of customers each placing its next order when the last one is final (closed, with
 * {@code users}): each POST asks to wait for the final order ({@code Prefer: wait}), so a
 * request's latency is the saga's, placed → CONFIRMED. Anything but 201 CONFIRMED is an
 * error.
 */
public class CheckoutSimulation extends Simulation {

	{
		double rate = Run.number("rate");
		Duration duration = Duration.ofSeconds((long) Run.number("duration"));
		Duration ramp = Duration.ofSeconds((long) Run.number("ramp"));
		String body = orderBody(Run.get("sku"));
		HttpProtocolBuilder protocol = http.baseUrl(Run.get("gateway"))
			.contentTypeHeader("application/json")
			.acceptHeader("application/json")
			.header("Authorization", "Bearer " + Run.get("token"))
			.shareConnections();
		ChainBuilder place = exec((session) -> session.set("t0", System.nanoTime()))
			.exec(http("POST /api/orders (Prefer: wait)").post("/api/orders")
				.header("Prefer", "wait=30")
				.header("Idempotency-Key", (session) -> UUID.randomUUID().toString())
				.body(StringBody(body))
				.check(status().is(201), jsonPath("$.status").is("CONFIRMED")))
			.exec((session) -> {
				Run.latencies.record(System.nanoTime() - session.getLong("t0"), !session.isFailed());
				// A customer in the closed loop goes on after a failed order: its next
				// one is judged on its own.
				return session.markAsSucceeded();
			});
		int users = (int) Run.number("users");
		ScenarioBuilder checkout = scenario("checkout");
		if (users > 0) {
			// Closed: that many customers, each placing its next order when the last
			// one is final; as many checkouts as the stack completes, none refused.
			setUp(checkout.during(duration).on(place).injectOpen(atOnceUsers(users))).protocols(protocol);
		}
		else if (ramp.isZero()) {
			setUp(checkout.exec(place).injectOpen(constantUsersPerSec(rate).during(duration))).protocols(protocol);
		}
		else {
			// A ramp first lets a cold stack (the JIT not done yet) come up to the rate
			// rather than drown in a queue.
			setUp(checkout.exec(place)
				.injectOpen(rampUsersPerSec(1).to(rate).during(ramp),
						constantUsersPerSec(rate).during(duration.minus(ramp))))
				.protocols(protocol);
		}
	}

	/** A one-item order of the bench's product, paid with a card that is accepted. */
	static String orderBody(String sku) {
		return """
				{"items":[{"sku":"%s","quantity":1}],"payment":{"cardToken":"tok_visa"},
				 "shippingAddress":{"name":"Bench","line1":"1 Load St","city":"Berlin","postalCode":"10115","country":"DE"}}"""
			.formatted(sku);
	}

}
