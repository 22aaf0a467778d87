package dev.sagashop.loadtests;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The stack's resident memory after the load.
 *
 * @param rssMegabytes each process's
 * @param rssTotalMegabytes their sum
 */
record Footprint(Map<String, Long> rssMegabytes, long rssTotalMegabytes) {

	static Footprint measure(Stack stack) throws Exception {
		long total = 0;
		Map<String, Long> perProcess = new LinkedHashMap<>();
		for (Map.Entry<String, Long> process : stack.script(Map.of(), "status").runningPids().entrySet()) {
			long rss = Stack.rssBytes(process.getValue());
			perProcess.put(process.getKey(), rss / (1024 * 1024));
			total += rss;
		}
		System.out.printf("  resident memory of the stack: %d MB (%s)%n", total / (1024 * 1024), perProcess);
		return new Footprint(perProcess, total / (1024 * 1024));
	}

}
