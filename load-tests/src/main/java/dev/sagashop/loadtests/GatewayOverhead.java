package dev.sagashop.loadtests;

import java.util.LinkedHashMap;
import java.util.Map;

import static dev.sagashop.loadtests.Bench.round;

/**
 * What the gateway adds: {@code GET /api/products/{sku}} through it and straight to
 * inventory-service. Each path is warmed first; then its latency at a fixed 200
 * requests/s, in short rounds that alternate the two paths (gateway, direct, direct,
 * gateway, ...) so that both see the same minutes of a machine whose speed drifts, with
 * each process's CPU per request in those rounds (the gateway's own work, apart from
 * waiting for a core); then each path's throughput with 8 users in a closed loop.
 */
final class GatewayOverhead {

	private static final int RATE = 200;

	private GatewayOverhead() {
	}

	/**
	 * One path's figures.
	 *
	 * @param p50Ms at 200 requests/s, its rounds together
	 * @param p99Ms the same
	 * @param throughputPerSecond8Users requests/s with 8 users without pause
	 * @param errors failed requests in both
	 * @param cpuMsPerRequest each process's CPU per request in the latency rounds, beyond
	 * idle and without what its JIT compilers used meanwhile, milliseconds
	 */
	record Target(double p50Ms, double p99Ms, double throughputPerSecond8Users, long errors,
			Map<String, Double> cpuMsPerRequest) {

		/** What the stack's processes used per request, the bench's own JVM left out. */
		double stackCpuMsPerRequest() {
			return this.cpuMsPerRequest.entrySet()
				.stream()
				.filter((process) -> !process.getKey().equals(Processes.LOAD_GENERATOR))
				.mapToDouble(Map.Entry::getValue)
				.sum();
		}

	}

	/**
	 * @param gateway through the gateway
	 * @param direct straight to inventory-service
	 * @param addedP50Ms the gateway's p50 minus the direct one
	 * @param throughputRatio the gateway's throughput as a share of the direct one
	 * @param rounds latency rounds of each path, alternated
	 * @param gatewayCpuMsPerRequest the gateway's own CPU per request through it
	 * @param addedCpuMsPerRequest the stack's CPU per request through the gateway minus
	 * straight to inventory-service
	 */
	record Result(Target gateway, Target direct, double addedP50Ms, double throughputRatio, int rounds,
			double gatewayCpuMsPerRequest, double addedCpuMsPerRequest) {

	}

	static Result measure(Stack stack, Gatling gatling, Processes processes, Processes.Idle idle, String sku,
			String token, boolean quick) throws Exception {
		Endpoint gateway = new Endpoint("gateway", stack.url(8080));
		Endpoint direct = new Endpoint("direct", stack.url(8083));
		int rounds = quick ? 1 : 4;
		int seconds = quick ? 3 : 5;
		// Each path warmed (the JIT), then the latency rounds: gateway, direct, direct,
		// gateway, ...
		gateway.warm(gatling, sku, token, quick ? 3 : 30);
		direct.warm(gatling, sku, token, quick ? 3 : 30);
		for (int round = 0; round < rounds; round++) {
			Endpoint first = (round % 2 == 0) ? gateway : direct;
			Endpoint second = (first == gateway) ? direct : gateway;
			first.latencyRound(gatling, processes, sku, token, seconds, round);
			second.latencyRound(gatling, processes, sku, token, seconds, round);
		}
		Target viaGateway = gateway.finish(gatling, idle, sku, token, quick ? 3 : 15);
		Target straight = direct.finish(gatling, idle, sku, token, quick ? 3 : 15);
		double added = viaGateway.p50Ms() - straight.p50Ms();
		double ratio = viaGateway.throughputPerSecond8Users() / straight.throughputPerSecond8Users();
		double gatewayCpu = viaGateway.cpuMsPerRequest().getOrDefault("gateway", Double.NaN);
		double addedCpu = viaGateway.stackCpuMsPerRequest() - straight.stackCpuMsPerRequest();
		System.out.printf(
				"  the gateway adds %.2f ms at p50 (%d rounds of each path, alternated) and uses %.2f ms of CPU "
						+ "a request (the stack %.2f ms more than direct); its throughput is %.2f of the direct one%n",
				added, rounds, gatewayCpu, addedCpu, ratio);
		return new Result(viaGateway, straight, round(added), round(ratio), rounds, round(gatewayCpu), round(addedCpu));
	}

	/** One way to inventory-service's products, and what its latency rounds measured. */
	private static final class Endpoint {

		private final String name;

		private final String base;

		private final Latencies latencies = new Latencies();

		private final Map<String, Long> cpuMillis = new LinkedHashMap<>();

		private double elapsedSeconds;

		Endpoint(String name, String base) {
			this.name = name;
			this.base = base;
		}

		void warm(Gatling gatling, String sku, String token, int seconds) throws Exception {
			gatling.run(ProductsSimulation.class, products(this.base, sku, token, RATE, 0, seconds),
					"products-warmup-" + this.name);
		}

		void latencyRound(Gatling gatling, Processes processes, String sku, String token, int seconds, int round)
				throws Exception {
			Processes.Reading before = processes.read();
			long start = System.nanoTime();
			Latencies measured = gatling.run(ProductsSimulation.class,
					products(this.base, sku, token, RATE, 0, seconds), "products-latency-" + this.name + "-" + round);
			this.elapsedSeconds += (System.nanoTime() - start) / 1e9;
			processes.read()
				.cpuMillisBesidesCompilingSince(before)
				.forEach((process, millis) -> this.cpuMillis.merge(process, millis, Long::sum));
			this.latencies.addAll(measured);
		}

		/** The throughput with 8 users, and the figures of all its rounds. */
		Target finish(Gatling gatling, Processes.Idle idle, String sku, String token, int seconds) throws Exception {
			Latencies closed = gatling.run(ProductsSimulation.class, products(this.base, sku, token, 0, 8, seconds),
					"products-throughput-" + this.name);
			double perSecond = closed.count() / (double) seconds;
			CpuUse cpu = CpuUse.between(Map.of(), this.cpuMillis, idle.cpuMillisPerSecond(), this.elapsedSeconds,
					Math.max(1, this.latencies.count()));
			System.out.printf("  %-8s p50 %.2f ms, p99 %.2f ms at %d/s; %.0f req/s with 8 users; CPU a request: %s%n",
					this.name, this.latencies.percentile(50), this.latencies.percentile(99), RATE, perSecond,
					cpu.perCheckout());
			return new Target(round(this.latencies.percentile(50)), round(this.latencies.percentile(99)),
					round(perSecond), this.latencies.errors() + closed.errors(), cpu.perCheckout());
		}

	}

	/** {@link ProductsSimulation}'s parameters: a rate (open) or users (closed). */
	private static Map<String, String> products(String base, String sku, String token, int rate, int users,
			int seconds) {
		return Map.of("base", base, "sku", sku, "token", token, "rate", Integer.toString(rate), "users",
				Integer.toString(users), "duration", Integer.toString(seconds));
	}

}
