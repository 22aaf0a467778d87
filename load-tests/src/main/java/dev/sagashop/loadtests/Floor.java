package dev.sagashop.loadtests;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;

import static dev.sagashop.loadtests.Bench.round;

/**
 * The floor, the yardstick the checkout is read against: {@link FloorPipeline} in its own
 * process, stepped open-loop at rising rates until a step fails (an order not finished,
 * or p99 above the bound). Each step's CPU is what the floor's process, Kafka and
 * PostgreSQL used beyond their idle use, per checkout.
 */
final class Floor {

	/** The floor's first rate and its steps, checkouts per second. */
	static final double START = 50;

	static final double STEP = 50;

	/**
	 * The floor's own JVM options, fixed so that the yardstick stays one: C2 and a
	 * parallel young collector, as the apps ran in the bench until 2026-12-02 (one JVM
	 * compiles its small hot path within the floor's warm-up).
	 */
	static final List<String> JVM_OPTIONS = List.of("-XX:+UseParallelGC", "-Xss512k", "-Xms64m", "-Xmx192m",
			"-XX:MaxMetaspaceSize=192m", "-XX:ReservedCodeCacheSize=64m");

	/** The servers whose work a checkout is, besides the floor's own process. */
	static final List<String> SERVERS = List.of("kafka", "postgres");

	private final Stack stack;

	private final Map<String, Long> servers;

	private final Map<String, Double> idleCpuMillisPerSecond;

	private final double idleCommitsPerSecond;

	/**
	 * @param stack the running stack
	 * @param processes the stack's processes, of which {@link #SERVERS} are read
	 * @param background the idle stack's commits and CPU
	 */
	Floor(Stack stack, Processes processes, Processes.Background background) {
		this.stack = stack;
		this.servers = new LinkedHashMap<>();
		SERVERS.forEach((name) -> this.servers.put(name, processes.pids().get(name)));
		this.idleCpuMillisPerSecond = new LinkedHashMap<>(background.cpuMillisPerSecond());
		this.idleCommitsPerSecond = background.commitsPerSecond();
	}

	/**
	 * One step of the floor.
	 *
	 * @param rate offered checkouts per second
	 * @param placed orders placed
	 * @param completed orders that went through all six hops within the step and its
	 * drain
	 * @param p50Ms latency from an order's due time to its last commit
	 * @param p95Ms the same
	 * @param p99Ms the same
	 * @param commitsPerCheckout database commits beyond the idle stack's, per checkout
	 * @param cpuMsPerCheckout CPU beyond idle per checkout, by process
	 * @param cpuMsPerCheckoutTotal the sum
	 * @param passed every order completed and p99 within the bound
	 */
	record Step(double rate, int placed, int completed, double p50Ms, double p95Ms, double p99Ms,
			double commitsPerCheckout, Map<String, Double> cpuMsPerCheckout, double cpuMsPerCheckoutTotal,
			boolean passed) {

	}

	/**
	 * The floor's run.
	 *
	 * @param steps every step, the failed last one included
	 * @param sustained the highest step passed, null if none
	 * @param error why the floor could not be measured, null when it was
	 */
	record Result(List<Step> steps, Step sustained, String error) {

		static Result failed(String error) {
			return new Result(List.of(), null, error);
		}

		double sustainedRate() {
			return (this.sustained != null) ? this.sustained.rate() : 0;
		}

	}

	/**
	 * Starts the floor's process, warms it up, steps the rate until a step fails or
	 * {@code max} is passed, then stops it (its tables and topics dropped).
	 */
	Result run(double max, int seconds, int warmupSeconds, double p99BoundMs, Path log) throws Exception {
		List<String> command = new ArrayList<>();
		command.add(ProcessHandle.current().info().command().orElse("java"));
		command.addAll(JVM_OPTIONS);
		command.addAll(List.of("-cp", System.getProperty("java.class.path"), FloorPipeline.class.getName(),
				this.stack.kafka(), "localhost:" + this.stack.port(5432)));
		Process process = new ProcessBuilder(command).redirectError(log.toFile()).start();
		List<Step> steps = new ArrayList<>();
		Step sustained = null;
		try (PrintWriter in = new PrintWriter(process.outputWriter(StandardCharsets.UTF_8), true);
				BufferedReader out = process.inputReader(StandardCharsets.UTF_8)) {
			expect(out, "ready", log);
			this.servers.put("floor process", process.pid());
			this.idleCpuMillisPerSecond.put("floor process", idleCpu(process.pid()));
			System.out.printf("  warm-up: %d s at %.0f/s ...%n", warmupSeconds, START);
			answer(in, out, START, warmupSeconds, log);
			for (double rate = START; rate <= max; rate += STEP) {
				Step step = step(in, out, rate, seconds, p99BoundMs, log);
				steps.add(step);
				System.out.printf(
						"  %5.0f/s: %5d of %5d done, p50 %6.1f ms, p95 %6.1f ms, p99 %6.1f ms; %.1f commits and "
								+ "%.2f ms CPU per checkout %s%s%n",
						rate, step.completed(), step.placed(), step.p50Ms(), step.p95Ms(), step.p99Ms(),
						step.commitsPerCheckout(), step.cpuMsPerCheckoutTotal(), step.cpuMsPerCheckout(),
						step.passed() ? "" : "  <- " + ((step.completed() < step.placed()) ? "orders not finished"
								: "p99 above " + p99BoundMs + " ms"));
				if (!step.passed()) {
					break;
				}
				sustained = step;
			}
			in.println("quit");
		}
		finally {
			if (!process.waitFor(60, TimeUnit.SECONDS)) {
				process.destroy();
			}
		}
		return new Result(steps, sustained, null);
	}

	private Step step(PrintWriter in, BufferedReader out, double rate, int seconds, double p99BoundMs, Path log)
			throws Exception {
		Counters before = Counters.read(this.stack);
		Map<String, Long> cpuBefore = cpuMillis();
		JsonNode figures = answer(in, out, rate, seconds, log);
		Map<String, Long> cpuAfter = cpuMillis();
		Counters after = Counters.read(this.stack);
		double elapsed = before.seconds(after);
		int placed = figures.path("placed").asInt();
		int completed = figures.path("completed").asInt();
		int count = Math.max(1, completed);
		CpuUse cpu = CpuUse.between(cpuBefore, cpuAfter, this.idleCpuMillisPerSecond, elapsed, count);
		double commits = (after.commits() - before.commits()) - this.idleCommitsPerSecond * elapsed;
		double p99 = figures.path("p99Ms").asDouble();
		return new Step(rate, placed, completed, figures.path("p50Ms").asDouble(), figures.path("p95Ms").asDouble(),
				p99, round(commits / count), cpu.perCheckout(), round(cpu.total()),
				completed == placed && placed > 0 && p99 <= p99BoundMs);
	}

	/** Asks the floor's process for a step and reads its answer. */
	private static JsonNode answer(PrintWriter in, BufferedReader out, double rate, int seconds, Path log)
			throws IOException {
		in.println(rate + " " + seconds);
		return Stack.JSON.readTree(expect(out, null, log));
	}

	private static String expect(BufferedReader out, String expected, Path log) throws IOException {
		String line = out.readLine();
		if (line == null || (expected != null && !expected.equals(line))) {
			throw new IllegalStateException("The floor's process ended or answered '" + line + "'; see " + log);
		}
		return line;
	}

	/** The floor's process while it waits: its consumers poll. */
	private static double idleCpu(long pid) throws InterruptedException {
		long before = Stack.cpuMillis(pid);
		long start = System.nanoTime();
		Thread.sleep(3000);
		return (Stack.cpuMillis(pid) - before) / ((System.nanoTime() - start) / 1e6) * 1000;
	}

	private Map<String, Long> cpuMillis() {
		Map<String, Long> cpu = new LinkedHashMap<>();
		this.servers.forEach((name, pid) -> cpu.put(name, (pid != null) ? Stack.cpuMillis(pid) : 0L));
		return cpu;
	}

}
