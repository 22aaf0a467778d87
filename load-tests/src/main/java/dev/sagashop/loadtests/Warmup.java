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
 * offer what the stack can take, more as it warms. Reported, never counted.
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
		Latencies round = gatling.checkouts(stack, sku, token, options.start, options.warmup, options.warmup / 2,
				"warmup");
		double compilerShare = processes.read().compilerShareSince(before);
		int seconds = options.warmup;
		int roundSeconds = options.warmup;
		int checkouts = round.count();
		long completed = round.count() - round.errors();
		print(round, completed, compilerShare, options);
		while (options.warmupCheckouts > 0 && (completed < options.warmupCheckouts || compilerShare > COMPILING_SHARE)
				&& seconds + ROUND_SECONDS <= AT_MOST_SECONDS) {
			before = processes.read();
			round = gatling.closedCheckouts(stack, sku, token, CUSTOMERS, ROUND_SECONDS, "warmup-" + seconds);
			compilerShare = processes.read().compilerShareSince(before);
			seconds += ROUND_SECONDS;
			roundSeconds = ROUND_SECONDS;
			checkouts += round.count();
			completed += round.count() - round.errors();
			print(round, completed, compilerShare, options);
		}
		if (compilerShare > COMPILING_SHARE) {
			System.out.printf("  the JIT compilers still used %.0f %% of the stack's CPU after %d s: the steps "
					+ "measure some compiling (see jitCpuMsPerCheckout)%n", 100 * compilerShare, seconds);
		}
		return new Warmup(seconds, checkouts, completed,
				round((round.count() - round.errors()) / (double) roundSeconds), round(round.percentile(50)),
				round(round.percentile(99)), round(100 * compilerShare));
	}

	private static void print(Latencies round, long completed, double compilerShare, Options options) {
		System.out.printf(
				"  %d checkouts, %d errors, p50 %.1f ms, p99 %.1f ms; %d completed%s; the JIT compilers %.1f %% "
						+ "of the stack's CPU (not counted)%n",
				round.count(), round.errors(), round.percentile(50), round.percentile(99), completed,
				(options.warmupCheckouts > 0) ? " of the " + options.warmupCheckouts + " it waits for" : "",
				100 * compilerShare);
	}

}
