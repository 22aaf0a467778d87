package dev.sagashop.loadtests;

import java.time.Duration;

import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;

import static io.gatling.javaapi.core.CoreDsl.atOnceUsers;
import static io.gatling.javaapi.core.CoreDsl.constantUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

/**
 * {@code GET /api/products/{sku}} against one base URL, the gateway's or
 * inventory-service's own: at a constant arrival rate (latency), or with a fixed number
 * of users back to back (throughput). The bench runs it both ways against both, for the
 * gateway's overhead.
 */
public class ProductsSimulation extends Simulation {

	{
		Duration duration = Duration.ofSeconds((long) Run.number("duration"));
		ChainBuilder read = exec((session) -> session.set("t0", System.nanoTime()))
			.exec(http("GET /api/products/{sku}").get("/api/products/" + Run.get("sku"))
				.header("Authorization", "Bearer " + Run.get("token"))
				.check(status().is(200)))
			.exec((session) -> {
				Run.latencies.record(System.nanoTime() - session.getLong("t0"), !session.isFailed());
				return session;
			});
		int users = (int) Run.number("users");
		// Closed: that many users, each sending its next request when
		// the last one answered.
		ScenarioBuilder scenario = (users > 0) ? scenario("products").during(duration).on(read)
				: scenario("products").exec(read);
		setUp(users > 0 ? scenario.injectOpen(atOnceUsers(users))
				: scenario.injectOpen(constantUsersPerSec(Run.number("rate")).during(duration)))
			.protocols(http.baseUrl(Run.get("base")).shareConnections());
	}

}
