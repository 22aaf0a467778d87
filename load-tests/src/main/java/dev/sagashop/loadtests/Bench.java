package dev.sagashop.loadtests;

import java.io.PrintStream;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * {@code ./sagashop bench}: starts the stack (or reuses it), measures the machine's
 * baselines and the gateway's overhead, warms up, then steps the checkout arrival rate
 * until p99 passes its bound or errors appear; reconciles every order; writes
 * {@code load-tests/results/<timestamp>.json} and {@code load-tests/results/<timestamp>/}
 * (SVG chart, Gatling's HTML reports).
 */
public final class Bench {

	private static final String USAGE = """
			Usage: ./sagashop bench [options]
			  --start N          first arrival rate, checkouts/s (default 20)
			  --step N           added per step (default 10)
			  --max N            highest rate tried (default 400)
			  --duration S       seconds per step (default 30)
			  --warmup S         seconds of load at the first rate before measuring, so that the
			                     JIT has compiled the hot paths (default 120)
			  --p99-bound MS     a step passes while p99 <= MS and nothing fails (default 250)
			  --no-tracing       start the stack without Zipkin and span export
			  --checkouts-only   skip the baselines and the gateway's overhead (for profiling)
			  --reuse            use the running stack as it is (no cold start measured; its
			                     rate limits must allow the load)
			  --quick            a smoke run: 2 steps of 5 s, short baselines
			Environment: SAGASHOP_PORT_OFFSET, SAGASHOP_STATE_DIR, SAGASHOP_JAVA_OPTS as for up.""";

	/**
	 * The apps' JVM options for a bench run unless SAGASHOP_JAVA_OPTS says otherwise: the
	 * local stack's lean options without {@code -XX:TieredStopAtLevel=1} (C2 compiles the
	 * hot paths), a parallel young collector and a heap of 64 to 192 MB
	 * (docs/performance.md).
	 */
	static final String BENCH_JVM_OPTIONS = "-XX:+UseParallelGC -Xss512k -Xms64m -Xmx192m -XX:MaxMetaspaceSize=192m "
			+ "-XX:ReservedCodeCacheSize=64m";

	/** The overload step offers this many times the sustained rate. */
	static final int OVERLOAD_FACTOR = 3;

	/** The bench product's orders (the parameter is its sku). */
	private static final String ORDERS_OF_SKU = "FROM orders o JOIN order_items i ON i.order_id = o.id WHERE i.sku = ? ";

	private final Stack stack;

	private final Options options;

	private final Path results;

	private final Map<String, Object> report = new LinkedHashMap<>();

	/** The stack's processes and this one, by name: whose CPU a checkout costs. */
	private final Map<String, Long> processes = new LinkedHashMap<>();

	/** Each process's CPU use while the stack is idle, ms per second. */
	private final Map<String, Double> idleCpuMillisPerSecond = new LinkedHashMap<>();

	Bench(Stack stack, Options options, Path results) {
		this.stack = stack;
		this.options = options;
		this.results = results;
	}

	public static void main(String[] args) throws Exception {
		Options options;
		try {
			options = Options.parse(List.of(args));
		}
		catch (IllegalArgumentException ex) {
			System.err.println(ex.getMessage());
			System.err.println(USAGE);
			System.exit(2);
			return;
		}
		if (options.help) {
			System.out.println(USAGE);
			return;
		}
		Path home = Path.of(System.getProperty("sagashop.home", ".")).toAbsolutePath().normalize();
		int offset = Integer.parseInt(System.getenv().getOrDefault("SAGASHOP_PORT_OFFSET", "0"));
		String stamp = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC).format(Instant.now());
		Path results = home.resolve("load-tests/results").resolve(stamp);
		Files.createDirectories(results);
		int exit = new Bench(new Stack(home, offset), options, results).run();
		System.exit(exit);
	}

	int run() throws Exception {
		this.report.put("startedAt", Instant.now().toString());
		this.report.put("options", this.options.asMap());
		this.report.put("machine", Map.of("cores", Runtime.getRuntime().availableProcessors(), "java",
				System.getProperty("java.version"), "os", System.getProperty("os.name")));
		section("Stack");
		String sku = startStack();
		String token = this.stack.token("alice", "orders");
		this.report.put("sku", sku);

		if (this.options.baselines) {
			section("Baselines (the machine without sagashop, same servers)");
			baselines();
		}

		this.processes.putAll(this.stack.script(Map.of(), "status").runningPids());
		this.processes.put("load generator (this JVM)", ProcessHandle.current().pid());
		Idle beforeLoad = idle();
		section("Warm-up");
		Latencies warmup = checkouts(sku, token, this.options.start, this.options.warmup, this.options.warmup / 2,
				"warmup");
		this.report.put("warmup", Map.of("checkouts", warmup.count(), "errors", warmup.errors(), "p50Ms",
				round(warmup.percentile(50)), "p99Ms", round(warmup.percentile(99))));
		System.out.printf("  %d checkouts, %d errors, p50 %.1f ms, p99 %.1f ms (not counted)%n", warmup.count(),
				warmup.errors(), warmup.percentile(50), warmup.percentile(99));

		if (this.options.baselines) {
			section("Gateway overhead (GET /api/products/{sku}: gateway vs inventory-service directly)");
			gatewayOverhead(sku, token);
		}
		awaitAllFinal(sku, Duration.ofSeconds(180));
		Thread.sleep(5000);
		Idle afterLoad = idle();
		// The stack's background, the lower of the two windows: PostgreSQL's autovacuum
		// may still be cleaning up after the warm-up in the second.
		double idleCommitsPerSecond = Math.min(beforeLoad.commitsPerSecond(), afterLoad.commitsPerSecond());
		beforeLoad.cpuMillisPerSecond()
			.forEach((name, millis) -> this.idleCpuMillisPerSecond.put(name,
					Math.min(millis, afterLoad.cpuMillisPerSecond().getOrDefault(name, millis))));
		double idleCores = idleCores();
		this.report.put("idle", Map.of("beforeLoad", beforeLoad.asMap(), "afterLoad", afterLoad.asMap()));
		this.report.put("idleCommitsPerSecond", round(idleCommitsPerSecond));
		this.report.put("idleCoresBusy", round(idleCores));
		System.out.printf(
				"  background when idle: %.1f commits/s (%.1f before the load, %.1f after it), "
						+ "%.2f cores busy; subtracted below%n",
				idleCommitsPerSecond, beforeLoad.commitsPerSecond(), afterLoad.commitsPerSecond(), idleCores);

		Floor.Result floor = null;
		if (this.options.baselines) {
			section("Floor (a checkout's own commits and six Kafka hops, no framework: JDBC and kafka-clients)");
			Path log = this.results.resolve("floor.log");
			try {
				floor = new Floor(this.stack, this.processes, this.idleCpuMillisPerSecond, idleCommitsPerSecond).run(
						this.options.quick ? 2 * Floor.STEP : this.options.max * 4,
						this.options.quick ? 3 : Math.max(5, this.options.duration / 2), this.options.quick ? 3 : 20,
						this.options.p99BoundMs, log);
				this.report.put("floor", floor);
			}
			catch (Exception ex) {
				// The checkout is still measured; the report says the yardstick is
				// missing.
				System.out.println("  the floor could not be measured: " + ex.getMessage() + " (see " + log + ")");
				this.report.put("floor", Map.of("error", String.valueOf(ex.getMessage())));
			}
		}

		section("Checkout steps (open model, POST → final order with Prefer: wait)");
		List<Map<String, Object>> steps = new ArrayList<>();
		Map<String, Object> sustained = null;
		for (double rate = this.options.start; rate <= this.options.max; rate += this.options.step) {
			Map<String, Object> step = checkoutStep(sku, token, rate, idleCommitsPerSecond);
			steps.add(step);
			boolean passed = (boolean) step.get("passed");
			if (passed) {
				sustained = step;
			}
			else {
				break;
			}
		}
		this.report.put("steps", steps);
		this.report.put("sustained", sustained);
		if (floor != null) {
			this.report.put("versusFloor", versusFloor(steps, sustained, floor));
		}

		double sustainedRate = (sustained != null) ? (double) sustained.get("rate") : this.options.start;
		section("Overload (%.0f/s offered, %d× the sustained %.0f/s; no Prefer: wait, a refused order is not retried)"
			.formatted(OVERLOAD_FACTOR * sustainedRate, OVERLOAD_FACTOR, sustainedRate));
		Map<String, Object> overload = new Overload(this.stack, sku, token)
			.run(OVERLOAD_FACTOR * sustainedRate, this.options.duration)
			.asMap(sustainedRate);
		this.report.put("overload", overload);
		System.out.printf(
				"  per second: offered %s, accepted %s, shed %s, failed %s; confirmed %s (%s of the sustained rate), "
						+ "timed out %s (%s of accepted); saga p50 %s ms, p99 %s ms; %s%n",
				overload.get("offeredPerSecond"), overload.get("acceptedPerSecond"), overload.get("shedPerSecond"),
				overload.get("failedPerSecond"), overload.get("confirmedPerSecond"),
				overload.get("confirmedShareOfSustained"), overload.get("timedOutPerSecond"),
				overload.get("timedOutShareOfAccepted"), overload.get("sagaP50Ms"), overload.get("sagaP99Ms"),
				Boolean.TRUE.equals(overload.get("passed")) ? "passed"
						: "FAILED (bars: confirmed >= 0.8 of sustained, timed out <= 1 %, saga p99 <= 2 s, no errors)");

		section("Footprint");
		footprint();
		section("Reconciliation");
		boolean reconciled = reconcile(sku);

		this.report.put("finishedAt", Instant.now().toString());
		Stack.JSON.writerWithDefaultPrettyPrinter().writeValue(reportFile().toFile(), this.report);
		Files.writeString(this.results.resolve("latency-vs-throughput.svg"), Chart.svg(steps, this.options.p99BoundMs,
				this.report.get("gatewayOverhead"), overload, (floor != null) ? floor.steps() : List.of()));
		printSummary(sustained, floor, reconciled);
		return reconciled ? 0 : 1;
	}

	private String startStack() throws Exception {
		if (this.options.reuse) {
			Stack.Result status = this.stack.script(Map.of(), "status");
			if (status.exitCode() != 0) {
				throw new IllegalStateException("--reuse: the stack is not (all) running; see ./sagashop status");
			}
			this.report.put("coldStart", "not measured (--reuse)");
			return firstConfirmedOrder(System.nanoTime());
		}
		// One demo customer places every checkout: its rate limit must not be the bound.
		// The carrier does not collect during the bench: a dispatch (a message and a
		// transaction per order, five minutes after its checkout) would be counted in a
		// later step than the checkout it belongs to.
		Map<String, String> asDevelopersRunIt = Map.of("RATE_LIMIT_PER_SECOND", "100000", "RATE_LIMIT_BURST", "100000",
				"SHIPPING_COLLECTION_DELAY", "24h");
		Map<String, String> environment = new LinkedHashMap<>(asDevelopersRunIt);
		boolean ownOptions = System.getenv("SAGASHOP_JAVA_OPTS") == null;
		if (ownOptions) {
			environment.put("SAGASHOP_JAVA_OPTS", BENCH_JVM_OPTIONS);
		}
		this.report.put("appJvmOptions",
				environment.getOrDefault("SAGASHOP_JAVA_OPTS", System.getenv("SAGASHOP_JAVA_OPTS")));
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
		Start asUpRuns = timedStart(asDevelopersRunIt, up);
		this.report.put("coldStartSeconds", round(asUpRuns.seconds()));
		System.out.printf("  cold start (launch → first CONFIRMED order, ./sagashop up as it runs): %.1f s%n",
				asUpRuns.seconds());
		if (!ownOptions) {
			return asUpRuns.sku();
		}
		// Then the apps again with the bench's options (C2 for the hot paths).
		this.stack.script(Map.of(), "down");
		Start withBenchOptions = timedStart(environment, up);
		this.report.put("coldStartWithBenchOptionsSeconds", round(withBenchOptions.seconds()));
		System.out.printf("  the same with the bench's JVM options: %.1f s%n", withBenchOptions.seconds());
		return withBenchOptions.sku();
	}

	/** Launches the stack and waits for its first CONFIRMED order. */
	private Start timedStart(Map<String, String> environment, String... up) throws Exception {
		long launched = System.nanoTime();
		launch(environment, up);
		String sku = firstConfirmedOrder(launched);
		return new Start(sku, (System.nanoTime() - launched) / 1e9);
	}

	/**
	 * A start of the stack: the bench product's sku, seconds from launch to CONFIRMED.
	 */
	private record Start(String sku, double seconds) {

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
				{"sku":"%s","name":"Bench item","price":100,"currency":"EUR","available":10000000}""".formatted(sku));
		if (created.statusCode() != 201) {
			throw new IllegalStateException("Cannot create the bench product: " + created.body());
		}
		String token = this.stack.token("alice", "orders");
		while (true) {
			HttpResponse<String> order = this.stack.send("POST", this.stack.url(8080) + "/api/orders", token,
					orderBody(sku), "Prefer", "wait=30", "Idempotency-Key", UUID.randomUUID().toString());
			if (order.statusCode() == 201 && "CONFIRMED".equals(this.stack.json(order).path("status").asText())) {
				return sku;
			}
			if (System.nanoTime() - since > Duration.ofMinutes(5).toNanos()) {
				throw new IllegalStateException("No CONFIRMED order within 5 minutes: " + order.body());
			}
			Thread.sleep(200);
		}
	}

	static String orderBody(String sku) {
		return """
				{"items":[{"sku":"%s","quantity":1}],"payment":{"cardToken":"tok_visa"},
				 "shippingAddress":{"name":"Bench","line1":"1 Load St","city":"Berlin","postalCode":"10115","country":"DE"}}"""
			.formatted(sku);
	}

	private void baselines() throws Exception {
		Duration duration = Duration.ofSeconds(this.options.quick ? 2 : 10);
		Baselines.Database orders = () -> this.stack.database("orders");
		double one = Baselines.postgresCommitsPerSecond(orders, 1, duration);
		double eight = Baselines.postgresCommitsPerSecond(orders, 8, duration);
		System.out.printf(
				"  PostgreSQL one-row INSERT commits: %.0f/s on 1 connection (%.2f ms each), " + "%.0f/s on 8%n", one,
				1000 / one, eight);
		Latencies kafka = Baselines.kafkaRoundTrips(this.stack.kafka(), this.options.quick ? 200 : 2000,
				Duration.ofMillis(5));
		System.out.printf("  Kafka produce → consume round trip: p50 %.2f ms, p99 %.2f ms (%d records)%n",
				kafka.percentile(50), kafka.percentile(99), kafka.count());
		this.report.put("baselines",
				Map.of("postgresCommitsPerSecond1Connection", round(one), "postgresCommitsPerSecond8Connections",
						round(eight), "kafkaRoundTripP50Ms", round(kafka.percentile(50)), "kafkaRoundTripP99Ms",
						round(kafka.percentile(99))));
	}

	private void gatewayOverhead(String sku, String token) throws Exception {
		int seconds = this.options.quick ? 3 : 15;
		Map<String, Object> overhead = new LinkedHashMap<>();
		Map<String, Double> p50 = new LinkedHashMap<>();
		Map<String, Double> throughput = new LinkedHashMap<>();
		for (String target : List.of("gateway", "direct")) {
			String base = this.stack.url(target.equals("gateway") ? 8080 : 8083);
			Map<String, String> path = Map.of("base", base, "sku", sku, "token", token);
			Map<String, String> atFixedRate = Map.of("rate", "200", "users", "0");
			// warm the path (the JIT), then latency at a fixed rate, then throughput with
			// 8 users
			gatling(ProductsSimulation.class, path,
					with(atFixedRate, "duration", Integer.toString(this.options.quick ? 3 : 30)),
					"products-warmup-" + target);
			String measured = Integer.toString(seconds);
			Latencies latency = gatling(ProductsSimulation.class, path, with(atFixedRate, "duration", measured),
					"products-latency-" + target);
			Latencies closed = gatling(ProductsSimulation.class, path,
					Map.of("rate", "0", "users", "8", "duration", measured), "products-throughput-" + target);
			double perSecond = closed.count() / (double) seconds;
			p50.put(target, latency.percentile(50));
			throughput.put(target, perSecond);
			overhead.put(target, Map.of("p50Ms", round(latency.percentile(50)), "p99Ms", round(latency.percentile(99)),
					"throughputPerSecond8Users", round(perSecond), "errors", latency.errors() + closed.errors()));
			System.out.printf("  %-8s p50 %.2f ms, p99 %.2f ms at 200/s; %.0f req/s with 8 users%n", target,
					latency.percentile(50), latency.percentile(99), perSecond);
		}
		double added = p50.get("gateway") - p50.get("direct");
		double ratio = throughput.get("gateway") / throughput.get("direct");
		overhead.put("addedP50Ms", round(added));
		overhead.put("throughputRatio", round(ratio));
		System.out.printf("  the gateway adds %.2f ms at p50; its throughput is %.2f of the direct one%n", added,
				ratio);
		this.report.put("gatewayOverhead", overhead);
	}

	private static Map<String, String> with(Map<String, String> parameters, String name, String value) {
		Map<String, String> all = new LinkedHashMap<>(parameters);
		all.put(name, value);
		return all;
	}

	private Map<String, Object> checkoutStep(String sku, String token, double rate, double idleCommitsPerSecond)
			throws Exception {
		Counters before = Counters.read(this.stack);
		Map<String, Long> cpuBefore = cpuMillis();
		Latencies latencies = checkouts(sku, token, rate, this.options.duration, 0, "checkout-" + (int) rate);
		Thread.sleep(3000);
		Map<String, Long> cpuAfter = cpuMillis();
		Counters after = Counters.read(this.stack);
		int count = latencies.count();
		long errors = latencies.errors();
		double seconds = before.seconds(after);
		double commits = (after.commits() - before.commits()) - idleCommitsPerSecond * seconds;
		// Per completed checkout: a refused or failed request did no saga work, and its
		// own cost is counted in the completed ones'.
		int completed = (int) Math.max(1, count - errors);
		double records = (after.kafkaRecords() - before.kafkaRecords()) / (double) completed;
		Map<String, Object> step = new LinkedHashMap<>();
		step.put("rate", rate);
		step.put("checkouts", count);
		step.put("errors", errors);
		step.put("throughputPerSecond", round((count - errors) / (double) this.options.duration));
		step.put("p50Ms", round(latencies.percentile(50)));
		step.put("p95Ms", round(latencies.percentile(95)));
		step.put("p99Ms", round(latencies.percentile(99)));
		step.put("maxMs", round(latencies.percentile(100)));
		step.put("kafkaRecordsPerCheckout", round(records));
		step.put("commitsPerCheckout", round(commits / completed));
		CpuUse use = CpuUse.between(cpuBefore, cpuAfter, this.idleCpuMillisPerSecond, seconds, completed);
		Map<String, Double> cpu = use.perCheckout();
		double cpuTotal = use.total();
		step.put("cpuMsPerCheckout", cpu);
		step.put("cpuMsPerCheckoutTotal", round(cpuTotal));
		double cores = cpuTotal * completed / 1000 / seconds + idleCores();
		step.put("cpuCoresBusy", round(cores));
		boolean passed = errors == 0 && latencies.percentile(99) <= this.options.p99BoundMs;
		step.put("passed", passed);
		System.out.printf(
				"  %5.0f/s: %5d checkouts, %d errors, p50 %6.1f ms, p95 %6.1f ms, p99 %6.1f ms; "
						+ "%.2f Kafka records and %.1f commits per completed checkout%s%n",
				rate, count, errors, latencies.percentile(50), latencies.percentile(95), latencies.percentile(99),
				records, commits / completed,
				passed ? "" : "  <- " + (errors > 0 ? "errors" : "p99 above " + this.options.p99BoundMs + " ms"));
		System.out.printf("         CPU per completed checkout %.1f ms beyond idle (%.2f cores busy): %s%n", cpuTotal,
				cores, cpu);
		return step;
	}

	private Latencies checkouts(String sku, String token, double rate, int seconds, int rampSeconds, String name)
			throws Exception {
		System.out.printf("  %s: %d s at %.0f checkouts/s%s ...%n", name, seconds, rate,
				(rampSeconds > 0) ? " (the first " + rampSeconds + " s ramping up to it)" : "");
		return gatling(CheckoutSimulation.class, Map.of("gateway", this.stack.url(8080), "sku", sku, "token", token),
				Map.of("rate", Double.toString(rate), "duration", Integer.toString(seconds), "ramp",
						Integer.toString(rampSeconds)),
				name);
	}

	/** Runs a simulation in this JVM; its HTML report goes to the results folder. */
	private Latencies gatling(Class<?> simulation, Map<String, String> common, Map<String, String> parameters,
			String name) throws Exception {
		Run.parameters.clear();
		Run.parameters.putAll(common);
		Run.parameters.putAll(parameters);
		Run.latencies.clear();
		Path folder = this.results.resolve("gatling").resolve(name);
		Files.createDirectories(folder);
		String[] arguments = { "-s", simulation.getName(), "-rf", folder.toString(), "-rd", name };
		// Gatling's console output goes to a file beside its report: the bench prints the
		// figures that matter.
		PrintStream console = System.out;
		int status;
		try (PrintStream log = new PrintStream(Files.newOutputStream(folder.resolve("console.log")), true)) {
			System.setOut(log);
			status = scala.Console$.MODULE$.withOut(log,
					(scala.Function0<Integer>) () -> io.gatling.app.Gatling$.MODULE$.fromArgs(arguments));
		}
		finally {
			System.setOut(console);
		}
		if (status != 0 && status != 2) {
			throw new IllegalStateException("Gatling ended with status " + status + " for " + name);
		}
		return Run.latencies.copy();
	}

	/** Commits and CPU of the stack over 10 s without load. */
	private Idle idle() throws Exception {
		Counters before = Counters.read(this.stack);
		Map<String, Long> cpuBefore = cpuMillis();
		Thread.sleep(10_000);
		Map<String, Long> cpuAfter = cpuMillis();
		Counters after = Counters.read(this.stack);
		double seconds = before.seconds(after);
		Map<String, Double> cpu = new LinkedHashMap<>();
		cpuAfter.forEach((name, millis) -> cpu.put(name, (millis - cpuBefore.getOrDefault(name, 0L)) / seconds));
		return new Idle((after.commits() - before.commits()) / seconds, cpu);
	}

	/**
	 * The stack's background work.
	 *
	 * @param commitsPerSecond database commits per second
	 * @param cpuMillisPerSecond each process's CPU, ms per second
	 */
	private record Idle(double commitsPerSecond, Map<String, Double> cpuMillisPerSecond) {

		Map<String, Object> asMap() {
			return Map.of("commitsPerSecond", round(this.commitsPerSecond), "coresBusy",
					round(this.cpuMillisPerSecond.values().stream().mapToDouble(Double::doubleValue).sum() / 1000));
		}

	}

	/** Cores the idle stack keeps busy. */
	private double idleCores() {
		return this.idleCpuMillisPerSecond.values().stream().mapToDouble(Double::doubleValue).sum() / 1000;
	}

	/** CPU used so far by each process of the stack and by this one. */
	private Map<String, Long> cpuMillis() {
		Map<String, Long> cpu = new LinkedHashMap<>();
		this.processes.forEach((name, pid) -> cpu.put(name, Stack.cpuMillis(pid)));
		return cpu;
	}

	private void footprint() throws Exception {
		Stack.Result status = this.stack.script(Map.of(), "status");
		long total = 0;
		Map<String, Long> perProcess = new LinkedHashMap<>();
		for (Map.Entry<String, Long> process : status.runningPids().entrySet()) {
			long rss = Stack.rssBytes(process.getValue());
			perProcess.put(process.getKey(), rss / (1024 * 1024));
			total += rss;
		}
		this.report.put("rssMegabytes", perProcess);
		this.report.put("rssTotalMegabytes", total / (1024 * 1024));
		System.out.printf("  resident memory of the stack: %d MB (%s)%n", total / (1024 * 1024), perProcess);
	}

	/**
	 * Every bench order final, and the contract's invariants: a CONFIRMED order is paid
	 * exactly its total and has one shipment scheduled or dispatched, a REJECTED one (a
	 * deadline may pass under overload) or a CANCELLED one is paid nothing net and has
	 * none; stock went down by the confirmed units.
	 */
	private boolean reconcile(String sku) throws Exception {
		long pending = awaitAllFinal(sku, Duration.ofSeconds(120));
		Map<String, String> finalOrders = statuses("SELECT o.id, o.status " + ORDERS_OF_SKU, sku);
		long confirmed = finalOrders.values().stream().filter("CONFIRMED"::equals).count();
		long rejected = finalOrders.values().stream().filter("REJECTED"::equals).count();
		long netPaidWrong = 0;
		long shipmentsWrong = 0;
		try (Connection payments = this.stack.database("payments");
				Connection shipping = this.stack.database("shipping");
				PreparedStatement paid = payments.prepareStatement("SELECT coalesce(sum(CASE WHEN type = 'CHARGE' "
						+ "THEN amount ELSE -amount END), 0) FROM payments WHERE order_id = ?::uuid AND status = 'SUCCEEDED'");
				PreparedStatement shipped = shipping.prepareStatement(
						"SELECT count(*) FROM shipments WHERE order_id = ?::uuid AND status IN ('SCHEDULED', 'DISPATCHED')")) {
			for (Map.Entry<String, String> order : finalOrders.entrySet()) {
				boolean isConfirmed = "CONFIRMED".equals(order.getValue());
				netPaidWrong += (single(paid, order.getKey()) == (isConfirmed ? 100 : 0)) ? 0 : 1;
				shipmentsWrong += (single(shipped, order.getKey()) == (isConfirmed ? 1 : 0)) ? 0 : 1;
			}
		}
		long available = count("inventory", "SELECT available FROM products WHERE sku = ?", sku);
		boolean stockRight = available == 10_000_000 - confirmed;
		boolean ok = pending == 0 && netPaidWrong == 0 && shipmentsWrong == 0 && stockRight;
		this.report.put("reconciliation", Map.of("confirmed", confirmed, "rejected", rejected, "notFinal", pending,
				"netPaidWrong", netPaidWrong, "shipmentsWrong", shipmentsWrong, "stockRight", stockRight, "ok", ok));
		System.out.printf(
				"  %d orders CONFIRMED, %d REJECTED, %d not final; paid wrong: %d, shipments wrong: %d, "
						+ "stock %s%n",
				confirmed, rejected, pending, netPaidWrong, shipmentsWrong,
				stockRight ? "right" : "WRONG (" + available + ")");
		return ok;
	}

	/**
	 * Waits until every order of the bench's product is final: the stack is quiet again.
	 * @return how many are not final when the time is up
	 */
	private long awaitAllFinal(String sku, Duration atMost) throws Exception {
		long deadline = System.nanoTime() + atMost.toNanos();
		while (true) {
			long pending = count("orders",
					"SELECT count(*) " + ORDERS_OF_SKU + "AND o.status NOT IN ('CONFIRMED', 'REJECTED', 'CANCELLED')",
					sku);
			if (pending == 0 || System.nanoTime() > deadline) {
				return pending;
			}
			Thread.sleep(1000);
		}
	}

	private static long single(PreparedStatement query, String orderId) throws Exception {
		query.setString(1, orderId);
		try (ResultSet result = query.executeQuery()) {
			result.next();
			return result.getLong(1);
		}
	}

	private Map<String, String> statuses(String sql, String sku) throws Exception {
		Map<String, String> statuses = new LinkedHashMap<>();
		try (Connection connection = this.stack.database("orders");
				PreparedStatement statement = connection.prepareStatement(sql)) {
			statement.setString(1, sku);
			try (ResultSet result = statement.executeQuery()) {
				while (result.next()) {
					statuses.put(result.getString(1), result.getString(2));
				}
			}
		}
		return statuses;
	}

	private long count(String database, String sql, String parameter) throws Exception {
		try (Connection connection = this.stack.database(database);
				PreparedStatement statement = connection.prepareStatement(sql)) {
			statement.setString(1, parameter);
			try (ResultSet result = statement.executeQuery()) {
				return result.next() ? result.getLong(1) : 0;
			}
		}
	}

	/**
	 * The headline: the checkout's sustained rate as a share of the floor's, and its CPU
	 * per checkout as a multiple of the floor's (each at its highest passed step, or its
	 * first when none passed).
	 */
	private static Map<String, Object> versusFloor(List<Map<String, Object>> steps, Map<String, Object> sustained,
			Floor.Result floor) {
		Map<String, Object> versus = new LinkedHashMap<>();
		double rate = (sustained != null) ? (double) sustained.get("rate") : 0;
		versus.put("sustainedPerSecond", rate);
		versus.put("floorSustainedPerSecond", floor.sustainedRate());
		versus.put("shareOfFloorRate", (floor.sustainedRate() > 0) ? round(rate / floor.sustainedRate()) : null);
		Map<String, Object> step = (sustained != null) ? sustained : steps.isEmpty() ? null : steps.get(0);
		Floor.Step floorStep = (floor.sustained() != null) ? floor.sustained()
				: floor.steps().isEmpty() ? null : floor.steps().get(0);
		if (step != null && floorStep != null && floorStep.cpuMsPerCheckoutTotal() > 0) {
			double cpu = (double) step.get("cpuMsPerCheckoutTotal");
			versus.put("cpuMsPerCheckout", cpu);
			versus.put("cpuMsPerCheckoutAtRate", step.get("rate"));
			versus.put("floorCpuMsPerCheckout", floorStep.cpuMsPerCheckoutTotal());
			versus.put("floorCpuMsPerCheckoutAtRate", floorStep.rate());
			versus.put("cpuTimesFloor", round(cpu / floorStep.cpuMsPerCheckoutTotal()));
		}
		return versus;
	}

	private void printSummary(Map<String, Object> sustained, Floor.Result floor, boolean reconciled) {
		section("Result");
		if (sustained == null) {
			System.out.println("  No step passed (errors or p99 above " + this.options.p99BoundMs + " ms).");
		}
		else {
			System.out.printf("  sustained: %s checkouts/s with zero errors, p50 %s ms, p95 %s ms, p99 %s ms%n",
					sustained.get("throughputPerSecond"), sustained.get("p50Ms"), sustained.get("p95Ms"),
					sustained.get("p99Ms"));
		}
		if (floor != null) {
			@SuppressWarnings("unchecked")
			Map<String, Object> versus = (Map<String, Object>) this.report.get("versusFloor");
			System.out.printf(
					"  against the floor: %.0f/s of the floor's %.0f/s (%s of it); CPU per checkout %s ms "
							+ "against the floor's %s ms (%s times)%n",
					(double) versus.get("sustainedPerSecond"), floor.sustainedRate(), versus.get("shareOfFloorRate"),
					versus.get("cpuMsPerCheckout"), versus.get("floorCpuMsPerCheckout"), versus.get("cpuTimesFloor"));
		}
		System.out.println("  reconciliation: " + (reconciled ? "every order final, invariants hold" : "FAILED"));
		System.out.println("  report: " + reportFile());
		System.out.println("  chart:  " + this.results.resolve("latency-vs-throughput.svg"));
		System.out.println("  Gatling reports: " + this.results.resolve("gatling"));
	}

	/**
	 * {@code results/<timestamp>.json}, beside the folder with the chart and Gatling's
	 * reports.
	 */
	private Path reportFile() {
		return this.results.resolveSibling(this.results.getFileName() + ".json");
	}

	private static void section(String title) {
		System.out.println();
		System.out.println("== " + title);
	}

	static double round(double value) {
		return Double.isNaN(value) ? value : Math.round(value * 100) / 100.0;
	}

}
