package dev.sagashop.loadtests;

import java.time.Duration;
import java.util.UUID;

import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;
import io.gatling.javaapi.http.HttpProtocolBuilder;

import static io.gatling.javaapi.core.CoreDsl.StringBody;
import static io.gatling.javaapi.core.CoreDsl.constantUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.jsonPath;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

/**
 * Checkouts through the gateway at a constant arrival rate (open model): each POST asks
 * to wait for the final order ({@code Prefer: wait}), so a request's latency is the
 * saga's, placed → CONFIRMED. Anything but 201 CONFIRMED is an error.
 */
public class CheckoutSimulation extends Simulation {

	{
		double rate = Run.number("rate");
		Duration duration = Duration.ofSeconds((long) Run.number("duration"));
		String body = """
				{"items":[{"sku":"%s","quantity":1}],"payment":{"cardToken":"tok_visa"},
				 "shippingAddress":{"name":"Bench","line1":"1 Load St","city":"Berlin","postalCode":"10115","country":"DE"}}"""
			.formatted(Run.get("sku"));
		HttpProtocolBuilder protocol = http.baseUrl(Run.get("gateway"))
			.contentTypeHeader("application/json")
			.acceptHeader("application/json")
			.header("Authorization", "Bearer " + Run.get("token"))
			.shareConnections();
		ScenarioBuilder checkout = scenario("checkout").exec((session) -> session.set("t0", System.nanoTime()))
			.exec(http("POST /api/orders (Prefer: wait)").post("/api/orders")
				.header("Prefer", "wait=30")
				.header("Idempotency-Key", (session) -> UUID.randomUUID().toString())
				.body(StringBody(body))
				.check(status().is(201), jsonPath("$.status").is("CONFIRMED")))
			.exec((session) -> {
				Run.latencies.record(System.nanoTime() - session.getLong("t0"), !session.isFailed());
				return session;
			});
		setUp(checkout.injectOpen(constantUsersPerSec(rate).during(duration))).protocols(protocol);
	}

}
