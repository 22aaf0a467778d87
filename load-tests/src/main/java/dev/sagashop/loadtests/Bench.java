package dev.sagashop.loadtests;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * {@code ./sagashop bench}: a script over named parts, each a class with a typed result
 * that the report ({@link Report}, written as JSON) and the chart read: the cold start,
 * the baselines, the warm-up, the gateway's overhead, the idle stack, the floor, the
 * checkout's steps, the overload step, the footprint and the reconciliation. Writes
 * {@code load-tests/results/<timestamp>.json} and {@code load-tests/results/<timestamp>/}
 * (SVG chart, Gatling's HTML reports); docs/performance.md says what each part measures.
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
			  --warmup-checkouts N  then 30 s more at a time until N checkouts completed and the
			                     JIT compilers use under 5 % of the stack's CPU (default 6000,
			                     at most 15 minutes in all; 0 for none), and one round
			                     more right before the steps when the floor ran
			  --p99-bound MS     a step passes while p99 <= MS and nothing fails (default 250)
			  --no-tracing       start the stack without Zipkin and span export
			  --checkouts-only   skip the baselines and the gateway's overhead (for profiling)
			  --reuse            use the running stack as it is (no cold start measured; its
			                     rate limits must allow the load)
			  --quick            a smoke run: 2 steps of 5 s, short baselines
			Environment: SAGASHOP_PORT_OFFSET, SAGASHOP_STATE_DIR as for up; SAGASHOP_JAVA_OPTS and
			SAGASHOP_KAFKA_JAVA_OPTS replace the bench's own options for the load (C2).""";

	/** The overload step offers this many times the sustained rate. */
	static final int OVERLOAD_FACTOR = 3;

	private final Stack stack;

	private final Options options;

	private final Path results;

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
		String startedAt = Instant.now().toString();
		Gatling gatling = new Gatling(this.results);
		Reconciliation reconciliation = new Reconciliation(this.stack);

		section("Stack");
		ColdStart.Result start = new ColdStart(this.stack, this.options).start();
		String sku = start.sku();
		String token = this.stack.token("alice", "orders");

		Baselines.Result baselines = null;
		if (this.options.baselines) {
			section("Baselines (the machine without sagashop, same servers)");
			baselines = Baselines.measure(this.stack, this.options.quick);
		}

		Processes processes = Processes.of(this.stack);
		Processes.Idle beforeLoad = processes.idle(this.stack);
		section("Warm-up");
		Warmup warmup = Warmup.run(gatling, this.stack, processes, sku, token, this.options);

		GatewayOverhead.Result gatewayOverhead = null;
		if (this.options.baselines) {
			section("Gateway overhead (GET /api/products/{sku}: gateway vs inventory-service directly)");
			gatewayOverhead = GatewayOverhead.measure(this.stack, gatling, processes, beforeLoad, sku, token,
					this.options.quick);
		}
		reconciliation.awaitAllFinal(sku, Duration.ofSeconds(180));
		Thread.sleep(5000);
		Processes.Background idle = Processes.Background.of(beforeLoad, processes.idle(this.stack));
		System.out.printf(
				"  background when idle: %.1f commits/s (%.1f before the load, %.1f after it), "
						+ "%.2f cores busy; subtracted below%n",
				idle.commitsPerSecond(), idle.beforeLoad().commitsPerSecond(), idle.afterLoad().commitsPerSecond(),
				idle.coresBusy());

		Floor.Result floor = null;
		if (this.options.baselines) {
			section("Floor (a checkout's own commits and six Kafka hops, no framework: JDBC and kafka-clients)");
			floor = floor(processes, idle);
		}

		section("Checkout steps (open model, POST → final order with Prefer: wait)");
		if (this.options.baselines) {
			// The gateway's overhead and the floor ran since the warm-up.
			warmup = warmup.again(gatling, this.stack, processes, sku, token, this.options);
		}
		CheckoutSteps.Result checkout = new CheckoutSteps(this.stack, gatling, processes, idle, this.options).run(sku,
				token);
		VersusFloor versusFloor = (floor != null) ? VersusFloor.of(checkout, floor) : null;

		double sustainedRate = checkout.sustainedRateOr(this.options.start);
		section("Overload (%.0f/s offered, %d× the sustained %.0f/s; no Prefer: wait, a refused order is not retried)"
			.formatted(OVERLOAD_FACTOR * sustainedRate, OVERLOAD_FACTOR, sustainedRate));
		Overload.Figures overload = overload(sku, token, sustainedRate, processes, idle);

		section("Footprint");
		Footprint footprint = Footprint.measure(this.stack);
		section("Reconciliation");
		Reconciliation.Result reconciled = reconciliation.check(sku);

		Report report = new Report(startedAt, this.options.asMap(), Report.Machine.current(), sku, start, baselines,
				warmup, gatewayOverhead, idle, floor, checkout.steps(), checkout.sustained(), versusFloor, overload,
				footprint, reconciled, Instant.now().toString());
		report.write(this.results, this.options.p99BoundMs);
		report.printSummary(this.results, this.options.p99BoundMs);
		// Left up to be looked at; a stack from another checkout would find its ports
		// taken.
		System.out
			.println("  the stack stays up with the bench's settings (its console, Zipkin and logs hold the run); "
					+ "./sagashop down stops it");
		return reconciled.ok() ? 0 : 1;
	}

	/**
	 * The floor, or why it could not be measured: the checkout is measured either way.
	 */
	private Floor.Result floor(Processes processes, Processes.Background idle) {
		Path log = this.results.resolve("floor.log");
		try {
			return new Floor(this.stack, processes, idle).run(
					this.options.quick ? 2 * Floor.STEP : this.options.max * 4,
					this.options.quick ? 3 : Math.max(5, this.options.duration / 2), this.options.quick ? 3 : 20,
					this.options.p99BoundMs, log);
		}
		catch (Exception ex) {
			System.out.println("  the floor could not be measured: " + ex.getMessage() + " (see " + log + ")");
			return Floor.Result.failed(String.valueOf(ex.getMessage()));
		}
	}

	private Overload.Figures overload(String sku, String token, double sustainedRate, Processes processes,
			Processes.Background idle) throws Exception {
		Overload.Figures overload = new Overload(this.stack, sku, token, processes, idle)
			.run(OVERLOAD_FACTOR * sustainedRate, this.options.duration)
			.figures(sustainedRate);
		System.out.printf(
				"  per second: offered %s, accepted %s, shed %s (%s by the gateway), failed %s; confirmed %s (%s of the "
						+ "sustained rate), timed out %s (%s of accepted); saga p50 %s ms, p99 %s ms; %s%n",
				overload.offeredPerSecond(), overload.acceptedPerSecond(), overload.shedPerSecond(),
				overload.shedAtGatewayPerSecond(), overload.failedPerSecond(), overload.confirmedPerSecond(),
				overload.confirmedShareOfSustained(), overload.timedOutPerSecond(), overload.timedOutShareOfAccepted(),
				overload.sagaP50Ms(), overload.sagaP99Ms(), overload.passed() ? "passed"
						: "FAILED (bars: confirmed >= 0.8 of sustained, timed out <= 1 %, saga p99 <= 2 s, no errors)");
		System.out.printf(
				"  CPU per confirmed order %.1f ms beyond idle, the refusals' included (%.2f cores busy in the stack, "
						+ "%.2f in the whole machine, while orders arrived): %s%n",
				overload.cpuMsPerConfirmedTotal(), overload.cpuCoresBusy(), overload.machineCoresBusy(),
				overload.cpuMsPerConfirmed());
		return overload;
	}

	private static void section(String title) {
		System.out.println();
		System.out.println("== " + title);
	}

	static double round(double value) {
		return Double.isNaN(value) ? value : Math.round(value * 100) / 100.0;
	}

}
