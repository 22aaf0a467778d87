package dev.sagashop.loadtests;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static dev.sagashop.loadtests.Bench.round;

/**
 * The checkout's steps: checkouts through the gateway at a rising arrival rate (open
 * model, {@code POST → final order} with {@code Prefer: wait}) until a step has an error
 * or its p99 passes the bound. Each step's commits, Kafka records and CPU are counted
 * beyond the idle stack's, per completed checkout.
 */
final class CheckoutSteps {

	private final Stack stack;

	private final Gatling gatling;

	private final Processes processes;

	private final Processes.Background background;

	private final Options options;

	CheckoutSteps(Stack stack, Gatling gatling, Processes processes, Processes.Background background, Options options) {
		this.stack = stack;
		this.gatling = gatling;
		this.processes = processes;
		this.background = background;
		this.options = options;
	}

	/**
	 * One step.
	 *
	 * @param rate offered checkouts per second
	 * @param checkouts requests sent
	 * @param errors requests that did not end {@code 201 CONFIRMED}
	 * @param throughputPerSecond completed checkouts per second
	 * @param p50Ms POST → final order, through the gateway
	 * @param p95Ms the same
	 * @param p99Ms the same
	 * @param maxMs the same
	 * @param kafkaRecordsPerCheckout records on the saga's topics per completed checkout
	 * @param offsetCommitsPerCheckout records the consumers' offset commits wrote, per
	 * completed checkout
	 * @param commitsPerCheckout database commits beyond idle per completed checkout
	 * @param cpuMsPerCheckout CPU beyond idle per completed checkout, by process (a
	 * refused or failed request did no saga work; its own cost counts in the completed
	 * ones')
	 * @param cpuMsPerCheckoutTotal their sum
	 * @param jitCpuMsPerCheckout of each JVM's CPU, what its JIT compilers used per
	 * completed checkout (part of the above, idle not subtracted): a stack still
	 * compiling its hot paths is not measured warm
	 * @param cpuCoresBusy cores busy during the step, idle included
	 * @param passed no error and p99 within the bound
	 */
	record Step(double rate, int checkouts, long errors, double throughputPerSecond, double p50Ms, double p95Ms,
			double p99Ms, double maxMs, double kafkaRecordsPerCheckout, double offsetCommitsPerCheckout,
			double commitsPerCheckout, Map<String, Double> cpuMsPerCheckout, double cpuMsPerCheckoutTotal,
			Map<String, Double> jitCpuMsPerCheckout, double cpuCoresBusy, boolean passed) {

	}

	/**
	 * @param steps every step, the failed last one included
	 * @param sustained the highest step passed, null if none
	 */
	record Result(List<Step> steps, Step sustained) {

		/** The sustained rate, or {@code otherwise} when no step passed. */
		double sustainedRateOr(double otherwise) {
			return (this.sustained != null) ? this.sustained.rate() : otherwise;
		}

	}

	Result run(String sku, String token) throws Exception {
		List<Step> steps = new ArrayList<>();
		Step sustained = null;
		for (double rate = this.options.start; rate <= this.options.max; rate += this.options.step) {
			Step step = step(sku, token, rate);
			steps.add(step);
			if (!step.passed()) {
				break;
			}
			sustained = step;
		}
		return new Result(steps, sustained);
	}

	private Step step(String sku, String token, double rate) throws Exception {
		Counters before = Counters.read(this.stack);
		Processes.Reading cpuBefore = this.processes.read();
		Latencies latencies = this.gatling.checkouts(this.stack, sku, token, rate, this.options.duration, 0,
				"checkout-" + (int) rate);
		Thread.sleep(3000);
		Processes.Reading cpuAfter = this.processes.read();
		Counters after = Counters.read(this.stack);
		int count = latencies.count();
		long errors = latencies.errors();
		double seconds = before.seconds(after);
		double commits = (after.commits() - before.commits()) - this.background.commitsPerSecond() * seconds;
		int completed = (int) Math.max(1, count - errors);
		double records = (after.kafkaRecords() - before.kafkaRecords()) / (double) completed;
		double offsetCommits = (after.offsetCommits() - before.offsetCommits()) / (double) completed;
		CpuUse cpu = CpuUse.between(cpuBefore.cpuMillis(), cpuAfter.cpuMillis(), this.background.cpuMillisPerSecond(),
				seconds, completed);
		Map<String, Double> jit = new LinkedHashMap<>();
		cpuAfter.compilerCpuMillisSince(cpuBefore).forEach((name, millis) -> {
			if (cpuAfter.compilerCpuMillis().get(name) > 0) {
				jit.put(name, round(millis / (double) completed));
			}
		});
		double cores = cpu.total() * completed / 1000 / seconds + this.background.coresBusy();
		boolean passed = errors == 0 && latencies.percentile(99) <= this.options.p99BoundMs;
		System.out.printf(
				"  %5.0f/s: %5d checkouts, %d errors, p50 %6.1f ms, p95 %6.1f ms, p99 %6.1f ms; "
						+ "%.2f Kafka records, %.2f offset commits and %.1f commits per completed checkout%s%n",
				rate, count, errors, latencies.percentile(50), latencies.percentile(95), latencies.percentile(99),
				records, offsetCommits, commits / completed,
				passed ? "" : "  <- " + (errors > 0 ? "errors" : "p99 above " + this.options.p99BoundMs + " ms"));
		System.out.printf("         CPU per completed checkout %.1f ms beyond idle (%.2f cores busy): %s%n",
				cpu.total(), cores, cpu.perCheckout());
		System.out.printf("         of which the JIT compilers': %.1f ms %s%n",
				jit.values().stream().mapToDouble(Double::doubleValue).sum(), jit);
		return new Step(rate, count, errors, round((count - errors) / (double) this.options.duration),
				round(latencies.percentile(50)), round(latencies.percentile(95)), round(latencies.percentile(99)),
				round(latencies.percentile(100)), round(records), round(offsetCommits), round(commits / completed),
				cpu.perCheckout(), round(cpu.total()), jit, round(cores), passed);
	}

}
