package dev.sagashop.loadtests;

import static dev.sagashop.loadtests.Bench.round;

/**
 * The warm-up: checkouts before anything is measured, so that the JIT has compiled the
 * hot paths. First {@code --warmup} seconds at the first rate (the first half a ramp),
 * then {@link #CUSTOMERS} customers back to back, {@link #ROUND_SECONDS} at a time, until
 * {@code --warmup-checkouts} have completed and the JIT compilers used at most
 * {@link #COMPILING_SHARE} of the stack's CPU in the last round, or until
 * {@link #AT_MOST_SECONDS} have passed. Closed rather than at a rate: a cold stack
 * completes few checkouts a second, and orders offered at a rate beyond that are refused
 * ({@code 503}, admission control) and warm nothing; customers who wait for their order
 * offer what the stack can take, more as it warms. When the gateway's overhead and the
 * floor ran after it, one more round right before the steps ({@link #again}). Reported,
 * never counted.
 *
 * @param seconds how long it ran
 * @param checkouts requests sent
 * @param completed requests that ended {@code 201 CONFIRMED}
 * @param lastRoundPerSecond checkouts completed per second in its last round
 * @param lastRoundP50Ms POST → final order in its last round
 * @param lastRoundP99Ms the same
 * @param lastRoundCompilerPercent what share of the stack's CPU its JIT compilers used in
 * the last round, percent (the bench's own JVM left out)
 */
record Warmup(int seconds, int checkouts, long completed, double lastRoundPerSecond, double lastRoundP50Ms,
		double lastRoundP99Ms, double lastRoundCompilerPercent) {

	/**
	 * The warm-up's limit, however few checkouts completed or however much is still being
	 * compiled.
	 */
	static final int AT_MOST_SECONDS = 900;

	/** Each round after the first. */
	static final int ROUND_SECONDS = 30;

	/** Customers in the closed rounds: under admission control's lowest limit. */
	static final int CUSTOMERS = 8;

	/**
	 * The JIT compilers' share of the stack's CPU in a round under which the stack counts
	 * as compiled. On C1 it is a few percent from the first rounds; on C2 it was 26 %
	 * after 6 000 checkouts (ADR 18) and took 15 000-21 000 to fall under this (ADR 37).
	 */
	static final double COMPILING_SHARE = 0.05;

	static Warmup run(Gatling gatling, Stack stack, Processes processes, String sku, String token, Options options)
			throws Exception {
		Processes.Reading before = processes.read();
		Latencies first = gatling.checkouts(stack, sku, token, options.start, options.warmup, options.warmup / 2,
				"warmup");
		Round round = new Round(first, processes.read().compilerShareSince(before), options.warmup);
		Warmup warmup = new Warmup(0, 0, 0, 0, 0, 0, 0).after(round, options);
		while (options.warmupCheckouts > 0
				&& (warmup.completed < options.warmupCheckouts || round.compilerShare > COMPILING_SHARE)
				&& warmup.seconds + ROUND_SECONDS <= AT_MOST_SECONDS) {
			round = Round.closed(gatling, stack, processes, sku, token, "warmup-" + warmup.seconds);
			warmup = warmup.after(round, options);
		}
		if (round.compilerShare > COMPILING_SHARE) {
			System.out.printf(
					"  the JIT compilers still used %.0f %% of the stack's CPU after %d s: the steps "
							+ "measure some compiling (see jitCpuMsPerCheckout)%n",
					100 * round.compilerShare, warmup.seconds);
		}
		return warmup;
	}

	/**
	 * One more closed round, right before the steps: the gateway's overhead and the floor
	 * run for minutes between the warm-up and the steps, and a first step after them
	 * failed on its tail while the compilers were still finishing (ADR 37). The round
	 * counts as the warm-up's last. None when no closed rounds were asked for
	 * ({@code --warmup-checkouts 0}).
	 */
	Warmup again(Gatling gatling, Stack stack, Processes processes, String sku, String token, Options options)
			throws Exception {
		if (options.warmupCheckouts == 0) {
			return this;
		}
		System.out.printf("  one more warm-up round of %d s before the steps:%n", ROUND_SECONDS);
		return after(Round.closed(gatling, stack, processes, sku, token, "warmup-again"), options);
	}

	private Warmup after(Round round, Options options) {
		long completed = this.completed + round.completed();
		System.out.printf(
				"  %d checkouts, %d errors, p50 %.1f ms, p99 %.1f ms; %d completed%s; the JIT compilers %.1f %% "
						+ "of the stack's CPU (not counted)%n",
				round.latencies.count(), round.latencies.errors(), round.latencies.percentile(50),
				round.latencies.percentile(99), completed,
				(options.warmupCheckouts > 0) ? " of the " + options.warmupCheckouts + " it waits for" : "",
				100 * round.compilerShare);
		return new Warmup(this.seconds + round.seconds, this.checkouts + round.latencies.count(), completed,
				round(round.completed() / (double) round.seconds), round(round.latencies.percentile(50)),
				round(round.latencies.percentile(99)), round(100 * round.compilerShare));
	}

	/**
	 * One round of the warm-up: its checkouts, and the share of the stack's CPU its JIT
	 * compilers used meanwhile.
	 */
	private record Round(Latencies latencies, double compilerShare, int seconds) {

		static Round closed(Gatling gatling, Stack stack, Processes processes, String sku, String token, String name)
				throws Exception {
			Processes.Reading before = processes.read();
			Latencies latencies = gatling.closedCheckouts(stack, sku, token, CUSTOMERS, ROUND_SECONDS, name);
			return new Round(latencies, processes.read().compilerShareSince(before), ROUND_SECONDS);
		}

		long completed() {
			return this.latencies.count() - this.latencies.errors();
		}

	}

}
