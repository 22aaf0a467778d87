package dev.sagashop.loadtests;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import static dev.sagashop.loadtests.Bench.round;

/**
 * The stack for the bench: stopped and started again, the start timed as
 * {@code ./sagashop up} runs it (launch → first {@code CONFIRMED} order), then once more
 * with the bench's JVM options for the load; or, with {@code --reuse}, the running stack
 * as it is. Either way it creates the bench's product.
 */
final class ColdStart {

	/**
	 * The apps' JVM options for a bench run unless SAGASHOP_JAVA_OPTS says otherwise: C2,
	 * as a deployed service runs, with the serial collector (as {@code ./sagashop up})
	 * and a heap of 64 to 192 MB. Not {@code up}'s C1 alone, which starts sooner: warm,
	 * C2's code cost a checkout a third less CPU; the warm-up runs until its compiling is
	 * done (ADR 37, docs/performance.md). Serial rather than parallel: the same CPU and
	 * tail, and each app ~10-40 MB smaller (the parallel collector's 16 MB of structures,
	 * and heaps it let grow larger).
	 */
	static final String BENCH_JVM_OPTIONS = "-XX:+UseSerialGC -Xss512k -Xms64m -Xmx192m -XX:MaxMetaspaceSize=192m "
			+ "-XX:ReservedCodeCacheSize=128m";

	/**
	 * The broker's JVM options for a bench run unless SAGASHOP_KAFKA_JAVA_OPTS says
	 * otherwise: {@code up}'s heap and G1, on C2. {@code up} runs the broker on C1 alone
	 * for a start with 3-4 s less CPU; under load C2 costs the broker ~2.5 ms less a
	 * checkout (docs/performance.md, "The broker on C1").
	 */
	static final String BENCH_KAFKA_JVM_OPTIONS = "-Xms128m -Xmx256m -XX:+UseG1GC -XX:MaxGCPauseMillis=20 "
			+ "-XX:InitiatingHeapOccupancyPercent=35";

	/**
	 * The carrier's collection delay in the bench: ten years, beyond any bench state's
	 * life.
	 */
	static final String COLLECTION_DELAY = "3650d";

	private final Stack stack;

	private final Options options;

	ColdStart(Stack stack, Options options) {
		this.stack = stack;
		this.options = options;
	}

	/**
	 * @param sku the bench product's
	 * @param appJvmOptions the apps' JVM options during the load
	 * @param kafkaJvmOptions the broker's JVM options during the load, null for
	 * {@code up}'s
	 * @param coldStartSeconds launch → first CONFIRMED order as {@code ./sagashop up}
	 * runs, null with {@code --reuse}
	 * @param coldStartWithBenchOptionsSeconds the same with the bench's JVM options, null
	 * when SAGASHOP_JAVA_OPTS and SAGASHOP_KAFKA_JAVA_OPTS set them or with
	 * {@code --reuse}
	 */
	record Result(String sku, String appJvmOptions, String kafkaJvmOptions, Double coldStartSeconds,
			Double coldStartWithBenchOptionsSeconds) {

	}

	Result start() throws Exception {
		if (this.options.reuse) {
			if (this.stack.script(Map.of(), "status").exitCode() != 0) {
				throw new IllegalStateException("--reuse: the stack is not (all) running; see ./sagashop status");
			}
			System.out.println("  cold start not measured (--reuse)");
			return new Result(firstConfirmedOrder(System.nanoTime()), System.getenv("SAGASHOP_JAVA_OPTS"),
					System.getenv("SAGASHOP_KAFKA_JAVA_OPTS"), null, null);
		}
		// One demo customer places every checkout: its rate limit must not be the bound.
		// The carrier does not collect the bench's shipments: a dispatch (a message and a
		// transaction per order, five minutes after its checkout) would be counted in a
		// later step than the checkout it belongs to. Not while the bench's state lives:
		// with 24 h, a run started a day after another counted that run's collections in
		// its steps (2026-12-07).
		Map<String, String> asDevelopersRunIt = Map.of("RATE_LIMIT_PER_SECOND", "100000", "RATE_LIMIT_BURST", "100000",
				"SHIPPING_COLLECTION_DELAY", COLLECTION_DELAY);
		// The load's options: the caller's, in force for every start, or the bench's own,
		// set for a second start.
		Map<String, String> environment = new LinkedHashMap<>(asDevelopersRunIt);
		String appJvmOptions = System.getenv("SAGASHOP_JAVA_OPTS");
		String kafkaJvmOptions = System.getenv("SAGASHOP_KAFKA_JAVA_OPTS");
		boolean ownOptions = appJvmOptions == null || kafkaJvmOptions == null;
		if (appJvmOptions == null) {
			appJvmOptions = BENCH_JVM_OPTIONS;
			environment.put("SAGASHOP_JAVA_OPTS", appJvmOptions);
		}
		if (kafkaJvmOptions == null) {
			kafkaJvmOptions = BENCH_KAFKA_JVM_OPTIONS;
			environment.put("SAGASHOP_KAFKA_JAVA_OPTS", kafkaJvmOptions);
		}
		String[] up = this.options.tracing ? new String[] { "up" } : new String[] { "up", "--no-tracing" };
		this.stack.script(Map.of(), "down");
		if (this.stack.classDataArchivesStale()) {
			// The first start after a build records the apps' class-data archives as they
			// stop; cold start is measured as every later start runs.
			System.out.println("  the apps were built since their class-data archives were recorded: "
					+ "one start, order and stop to record them first");
			launch(asDevelopersRunIt, up);
			firstConfirmedOrder(System.nanoTime());
			this.stack.script(Map.of(), "down");
		}
		// Cold start as a developer gets it: ./sagashop up with its own JVM options.
		Timed asUpRuns = timedStart(asDevelopersRunIt, up);
		System.out.printf("  cold start (launch → first CONFIRMED order, ./sagashop up as it runs): %.1f s%n",
				asUpRuns.seconds());
		if (!ownOptions) {
			return new Result(asUpRuns.sku(), appJvmOptions, kafkaJvmOptions, round(asUpRuns.seconds()), null);
		}
		// Then the apps and the broker again with the bench's options (C2 for the hot
		// paths).
		this.stack.script(Map.of(), "down");
		Timed withBenchOptions = timedStart(environment, up);
		System.out.printf("  the same with the bench's JVM options: %.1f s%n", withBenchOptions.seconds());
		return new Result(withBenchOptions.sku(), appJvmOptions, kafkaJvmOptions, round(asUpRuns.seconds()),
				round(withBenchOptions.seconds()));
	}

	/** Launches the stack and waits for its first CONFIRMED order. */
	private Timed timedStart(Map<String, String> environment, String... up) throws Exception {
		long launched = System.nanoTime();
		launch(environment, up);
		String sku = firstConfirmedOrder(launched);
		return new Timed(sku, (System.nanoTime() - launched) / 1e9);
	}

	/**
	 * A start of the stack: the bench product's sku, seconds from launch to CONFIRMED.
	 */
	private record Timed(String sku, double seconds) {

	}

	private void launch(Map<String, String> environment, String... up) throws Exception {
		if (this.stack.script(environment, up).exitCode() != 0) {
			throw new IllegalStateException("./sagashop up failed");
		}
	}

	/**
	 * Creates the bench's product and places orders until one is CONFIRMED.
	 * @param since when the wait started, for its 5 minutes' limit
	 * @return the product's sku
	 */
	private String firstConfirmedOrder(long since) throws Exception {
		String ops = this.stack.token("ops", "orders admin");
		String sku = "BENCH-" + UUID.randomUUID().toString().substring(0, 8).toUpperCase();
		HttpResponse<String> created = this.stack.send("POST", this.stack.url(8080) + "/api/products", ops, """
				{"sku":"%s","name":"Bench item","price":%d,"currency":"EUR","available":%d}""".formatted(sku,
				Reconciliation.PRICE, Reconciliation.STOCK));
		if (created.statusCode() != 201) {
			throw new IllegalStateException("Cannot create the bench product: " + created.body());
		}
		String token = this.stack.token("alice", "orders");
		while (true) {
			HttpResponse<String> order = this.stack.send("POST", this.stack.url(8080) + "/api/orders", token,
					CheckoutSimulation.orderBody(sku), "Prefer", "wait=30", "Idempotency-Key",
					UUID.randomUUID().toString());
			if (order.statusCode() == 201 && "CONFIRMED".equals(this.stack.json(order).path("status").asText())) {
				return sku;
			}
			if (System.nanoTime() - since > Duration.ofMinutes(5).toNanos()) {
				throw new IllegalStateException("No CONFIRMED order within 5 minutes: " + order.body());
			}
			Thread.sleep(200);
		}
	}

}
