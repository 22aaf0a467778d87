package dev.sagashop.loadtests;

import static dev.sagashop.loadtests.Bench.round;

/**
 * The warm-up: checkouts before anything is measured, so that the JIT has compiled the
 * hot paths. First {@code --warmup} seconds at the first rate (the first half a ramp),
 * then {@link #CUSTOMERS} customers back to back, {@link #ROUND_SECONDS} at a time, until
 * {@code --warmup-checkouts} have completed or {@link #AT_MOST_SECONDS} have passed.
 * Closed rather than at a rate: a cold stack completes few checkouts a second, and orders
 * offered at a rate beyond that are refused ({@code 503}, admission control) and warm
 * nothing; customers who wait for their order offer what the stack can take, more as it
 * warms. Reported, never counted.
 *
 * @param seconds how long it ran
 * @param checkouts requests sent
 * @param completed requests that ended {@code 201 CONFIRMED}
 * @param lastRoundPerSecond checkouts completed per second in its last round
 * @param lastRoundP50Ms POST → final order in its last round
 * @param lastRoundP99Ms the same
 */
record Warmup(int seconds, int checkouts, long completed, double lastRoundPerSecond, double lastRoundP50Ms,
		double lastRoundP99Ms) {

	/** The warm-up's limit, however few checkouts completed. */
	static final int AT_MOST_SECONDS = 600;

	/** Each round after the first. */
	static final int ROUND_SECONDS = 30;

	/** Customers in the closed rounds: under admission control's lowest limit. */
	static final int CUSTOMERS = 8;

	static Warmup run(Gatling gatling, Stack stack, String sku, String token, Options options) throws Exception {
		Latencies round = gatling.checkouts(stack, sku, token, options.start, options.warmup, options.warmup / 2,
				"warmup");
		int seconds = options.warmup;
		int roundSeconds = options.warmup;
		int checkouts = round.count();
		long completed = round.count() - round.errors();
		print(round, completed, options);
		while (completed < options.warmupCheckouts && seconds + ROUND_SECONDS <= AT_MOST_SECONDS) {
			round = gatling.closedCheckouts(stack, sku, token, CUSTOMERS, ROUND_SECONDS, "warmup-" + seconds);
			seconds += ROUND_SECONDS;
			roundSeconds = ROUND_SECONDS;
			checkouts += round.count();
			completed += round.count() - round.errors();
			print(round, completed, options);
		}
		return new Warmup(seconds, checkouts, completed,
				round((round.count() - round.errors()) / (double) roundSeconds), round(round.percentile(50)),
				round(round.percentile(99)));
	}

	private static void print(Latencies round, long completed, Options options) {
		System.out.printf("  %d checkouts, %d errors, p50 %.1f ms, p99 %.1f ms; %d completed%s (not counted)%n",
				round.count(), round.errors(), round.percentile(50), round.percentile(99), completed,
				(options.warmupCheckouts > 0) ? " of the " + options.warmupCheckouts + " it waits for" : "");
	}

}
