package dev.sagashop.loadtests;

import java.util.Map;

import static dev.sagashop.loadtests.Bench.round;

/**
 * What the gateway adds: {@code GET /api/products/{sku}} through it and straight to
 * inventory-service, each path warmed first, then its p50 at a fixed 200 requests/s and
 * its throughput with 8 users in a closed loop.
 */
final class GatewayOverhead {

	private GatewayOverhead() {
	}

	/**
	 * One path's figures.
	 *
	 * @param p50Ms at 200 requests/s
	 * @param p99Ms the same
	 * @param throughputPerSecond8Users requests/s with 8 users without pause
	 * @param errors failed requests in both
	 */
	record Target(double p50Ms, double p99Ms, double throughputPerSecond8Users, long errors) {

	}

	/**
	 * @param gateway through the gateway
	 * @param direct straight to inventory-service
	 * @param addedP50Ms the gateway's p50 minus the direct one
	 * @param throughputRatio the gateway's throughput as a share of the direct one
	 */
	record Result(Target gateway, Target direct, double addedP50Ms, double throughputRatio) {

	}

	static Result measure(Stack stack, Gatling gatling, String sku, String token, boolean quick) throws Exception {
		Target gateway = target(stack, gatling, 8080, "gateway", sku, token, quick);
		Target direct = target(stack, gatling, 8083, "direct", sku, token, quick);
		double added = gateway.p50Ms() - direct.p50Ms();
		double ratio = gateway.throughputPerSecond8Users() / direct.throughputPerSecond8Users();
		System.out.printf("  the gateway adds %.2f ms at p50; its throughput is %.2f of the direct one%n", added,
				ratio);
		return new Result(gateway, direct, round(added), round(ratio));
	}

	private static Target target(Stack stack, Gatling gatling, int port, String name, String sku, String token,
			boolean quick) throws Exception {
		String base = stack.url(port);
		int seconds = quick ? 3 : 15;
		// the path warmed (the JIT), then latency at a fixed rate, then
		// throughput with 8 users
		gatling.run(ProductsSimulation.class, products(base, sku, token, 200, 0, quick ? 3 : 30),
				"products-warmup-" + name);
		Latencies latency = gatling.run(ProductsSimulation.class, products(base, sku, token, 200, 0, seconds),
				"products-latency-" + name);
		Latencies closed = gatling.run(ProductsSimulation.class, products(base, sku, token, 0, 8, seconds),
				"products-throughput-" + name);
		double perSecond = closed.count() / (double) seconds;
		System.out.printf("  %-8s p50 %.2f ms, p99 %.2f ms at 200/s; %.0f req/s with 8 users%n", name,
				latency.percentile(50), latency.percentile(99), perSecond);
		return new Target(round(latency.percentile(50)), round(latency.percentile(99)), round(perSecond),
				latency.errors() + closed.errors());
	}

	/** {@link ProductsSimulation}'s parameters: a rate (open) or users (closed). */
	private static Map<String, String> products(String base, String sku, String token, int rate, int users,
			int seconds) {
		return Map.of("base", base, "sku", sku, "token", token, "rate", Integer.toString(rate), "users",
				Integer.toString(users), "duration", Integer.toString(seconds));
	}

}
