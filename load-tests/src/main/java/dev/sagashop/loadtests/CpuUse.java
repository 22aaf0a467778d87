package dev.sagashop.loadtests;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * CPU used by each process during a step beyond what it uses idle, per checkout.
 *
 * @param perCheckout milliseconds per checkout by process, rounded
 * @param total their sum, not rounded
 */
record CpuUse(Map<String, Double> perCheckout, double total) {

	/**
	 * @param before each process's CPU time (ms) when the step began
	 * @param after the same when it ended
	 * @param idleMillisPerSecond each process's CPU use while idle
	 * @param seconds how long the step took
	 * @param checkouts what the CPU is divided by
	 */
	static CpuUse between(Map<String, Long> before, Map<String, Long> after, Map<String, Double> idleMillisPerSecond,
			double seconds, int checkouts) {
		Map<String, Double> perCheckout = new LinkedHashMap<>();
		double total = 0;
		for (Map.Entry<String, Long> process : after.entrySet()) {
			double busy = process.getValue() - before.getOrDefault(process.getKey(), 0L)
					- idleMillisPerSecond.getOrDefault(process.getKey(), 0.0) * seconds;
			double each = Math.max(0, busy) / checkouts;
			perCheckout.put(process.getKey(), Bench.round(each));
			total += each;
		}
		return new CpuUse(perCheckout, total);
	}

}
