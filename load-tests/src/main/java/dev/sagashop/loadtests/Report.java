package dev.sagashop.loadtests;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A bench run's report, {@code load-tests/results/<timestamp>.json}: each part's typed
 * result, null for a part the options left out.
 *
 * @param startedAt when the run began
 * @param options the command-line options
 * @param machine cores, Java, operating system
 * @param sku the bench product's
 * @param start the stack's starts
 * @param baselines PostgreSQL commits and Kafka round trips on the stack's servers
 * @param warmup the warm-up's checkouts
 * @param gatewayOverhead what the gateway adds to a GET
 * @param idle the stack's background work, subtracted from every step
 * @param floor the floor's steps
 * @param steps the checkout's steps
 * @param sustained the highest checkout step passed, null if none
 * @param versusFloor the headline
 * @param overload the overload step
 * @param footprint resident memory after the load
 * @param reconciliation the invariants after the load
 * @param finishedAt when the run ended
 */
record Report(String startedAt, Map<String, Object> options, Machine machine, String sku, ColdStart.Result start,
		Baselines.Result baselines, Warmup warmup, GatewayOverhead.Result gatewayOverhead, Processes.Background idle,
		Floor.Result floor, List<CheckoutSteps.Step> steps, CheckoutSteps.Step sustained, VersusFloor versusFloor,
		Overload.Figures overload, Footprint footprint, Reconciliation.Result reconciliation, String finishedAt) {

	/**
	 * The machine the run was on.
	 *
	 * @param cores available processors
	 * @param java the bench's Java version
	 * @param os the operating system's name
	 */
	record Machine(int cores, String java, String os) {

		static Machine current() {
			return new Machine(Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"),
					System.getProperty("os.name"));
		}

	}

	/**
	 * Writes the report beside the run's folder, and the latency-vs-throughput chart in
	 * it.
	 * @param results the run's folder, {@code load-tests/results/<timestamp>}
	 * @param p99BoundMs the bound drawn on the chart
	 */
	void write(Path results, double p99BoundMs) throws Exception {
		Stack.JSON.writerWithDefaultPrettyPrinter().writeValue(file(results).toFile(), this);
		Files.writeString(chart(results), Chart.svg(this.steps, p99BoundMs, this.gatewayOverhead, this.overload,
				(this.floor != null) ? this.floor.steps() : List.of()));
	}

	void printSummary(Path results, double p99BoundMs) {
		System.out.println();
		System.out.println("== Result");
		if (this.sustained == null) {
			System.out.println("  No step passed (errors or p99 above " + p99BoundMs + " ms).");
		}
		else {
			System.out.printf("  sustained: %s checkouts/s with zero errors, p50 %s ms, p95 %s ms, p99 %s ms%n",
					this.sustained.throughputPerSecond(), this.sustained.p50Ms(), this.sustained.p95Ms(),
					this.sustained.p99Ms());
		}
		if (this.versusFloor != null) {
			System.out.println("  against the floor: " + this.versusFloor.describe());
		}
		System.out.println(
				"  reconciliation: " + (this.reconciliation.ok() ? "every order final, invariants hold" : "FAILED"));
		System.out.println("  report: " + file(results));
		System.out.println("  chart:  " + chart(results));
		System.out.println("  Gatling reports: " + results.resolve("gatling"));
	}

	private static Path file(Path results) {
		return results.resolveSibling(results.getFileName() + ".json");
	}

	private static Path chart(Path results) {
		return results.resolve("latency-vs-throughput.svg");
	}

}
