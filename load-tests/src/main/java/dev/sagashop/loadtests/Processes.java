package dev.sagashop.loadtests;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The stack's processes and the bench's own JVM, by name: whose CPU a checkout costs.
 */
final class Processes {

	/** The bench's own JVM, by the name its CPU is reported under. */
	static final String LOAD_GENERATOR = "load generator (this JVM)";

	private final Map<String, Long> pids;

	private Processes(Map<String, Long> pids) {
		this.pids = pids;
	}

	/** The processes {@code ./sagashop status} lists as running, and this one. */
	static Processes of(Stack stack) throws Exception {
		Map<String, Long> pids = new LinkedHashMap<>(stack.script(Map.of(), "status").runningPids());
		pids.put(LOAD_GENERATOR, ProcessHandle.current().pid());
		return new Processes(pids);
	}

	Map<String, Long> pids() {
		return Map.copyOf(this.pids);
	}

	/** CPU used so far by each process, milliseconds. */
	private Map<String, Long> cpuMillis() {
		Map<String, Long> cpu = new LinkedHashMap<>();
		this.pids.forEach((name, pid) -> cpu.put(name, Stack.cpuMillis(pid)));
		return cpu;
	}

	/** CPU used so far by each process's JIT compiler threads, milliseconds. */
	private Map<String, Long> compilerCpuMillis() {
		Map<String, Long> cpu = new LinkedHashMap<>();
		this.pids.forEach((name, pid) -> cpu.put(name, Stack.compilerCpuMillis(pid)));
		return cpu;
	}

	/** What every process and its JIT compiler threads have used so far. */
	Reading read() {
		return new Reading(cpuMillis(), compilerCpuMillis());
	}

	/**
	 * Commits and CPU of the stack over 10 s without load. What the JIT compilers use
	 * meanwhile is left out: it is work of the load before (C2 compiles for minutes after
	 * a start or a warm-up), not background, and a step's CPU beyond idle includes its
	 * own compiling ({@code jitCpuMsPerCheckout}).
	 */
	Idle idle(Stack stack) throws Exception {
		Counters before = Counters.read(stack);
		Reading cpuBefore = read();
		Thread.sleep(10_000);
		Reading cpuAfter = read();
		Counters after = Counters.read(stack);
		double seconds = before.seconds(after);
		Map<String, Double> cpu = new LinkedHashMap<>();
		cpuAfter.cpuMillisBesidesCompilingSince(cpuBefore).forEach((name, millis) -> cpu.put(name, millis / seconds));
		return new Idle((after.commits() - before.commits()) / seconds, cpu);
	}

	/**
	 * What each process, and each one's JIT compiler threads, had used at one moment.
	 *
	 * @param cpuMillis the CPU each process had used, milliseconds
	 * @param compilerCpuMillis what its JIT compiler threads had used of it
	 */
	record Reading(Map<String, Long> cpuMillis, Map<String, Long> compilerCpuMillis) {

		/**
		 * What share of the stack's CPU its JVMs' compiler threads used since an earlier
		 * reading, the bench's own JVM left out.
		 * @param before the earlier reading
		 * @return between 0 and 1; 0 when the stack used no CPU
		 */
		double compilerShareSince(Reading before) {
			double cpu = stackMillis(cpuMillisSince(before));
			return (cpu > 0) ? stackMillis(compilerCpuMillisSince(before)) / cpu : 0;
		}

		/** What each process used since an earlier reading, milliseconds. */
		Map<String, Long> cpuMillisSince(Reading before) {
			return since(before.cpuMillis, this.cpuMillis);
		}

		/**
		 * What each process used since an earlier reading besides its JIT compiler
		 * threads, milliseconds.
		 */
		Map<String, Long> cpuMillisBesidesCompilingSince(Reading before) {
			Map<String, Long> compiling = compilerCpuMillisSince(before);
			Map<String, Long> used = new LinkedHashMap<>();
			cpuMillisSince(before)
				.forEach((name, millis) -> used.put(name, Math.max(0, millis - compiling.getOrDefault(name, 0L))));
			return used;
		}

		/**
		 * What each process's JIT compiler threads used since an earlier reading,
		 * milliseconds.
		 */
		Map<String, Long> compilerCpuMillisSince(Reading before) {
			return since(before.compilerCpuMillis, this.compilerCpuMillis);
		}

		private static Map<String, Long> since(Map<String, Long> before, Map<String, Long> after) {
			Map<String, Long> used = new LinkedHashMap<>();
			after.forEach((name, millis) -> used.put(name, millis - before.getOrDefault(name, 0L)));
			return used;
		}

		/** The stack's part of what the processes used, the bench's own JVM left out. */
		static double stackMillis(Map<String, Long> used) {
			long millis = 0;
			for (Map.Entry<String, Long> process : used.entrySet()) {
				if (!process.getKey().equals(LOAD_GENERATOR)) {
					millis += process.getValue();
				}
			}
			return millis;
		}

	}

	/**
	 * One window of the stack without load.
	 *
	 * @param commitsPerSecond database commits per second
	 * @param cpuMillisPerSecond each process's CPU, ms per second
	 */
	record Idle(double commitsPerSecond, Map<String, Double> cpuMillisPerSecond) {

	}

	/**
	 * The stack's background work, subtracted from every step: the lower of two idle
	 * windows, before the load and after the warm-up (PostgreSQL's autovacuum may still
	 * be cleaning up after the warm-up in the second).
	 *
	 * @param beforeLoad the first window
	 * @param afterLoad the second
	 * @param commitsPerSecond the lower commit rate
	 * @param cpuMillisPerSecond each process's lower CPU use
	 * @param coresBusy the sum of the latter, in cores
	 */
	record Background(Idle beforeLoad, Idle afterLoad, double commitsPerSecond, Map<String, Double> cpuMillisPerSecond,
			double coresBusy) {

		static Background of(Idle beforeLoad, Idle afterLoad) {
			Map<String, Double> cpu = new LinkedHashMap<>();
			beforeLoad.cpuMillisPerSecond()
				.forEach((name, millis) -> cpu.put(name,
						Math.min(millis, afterLoad.cpuMillisPerSecond().getOrDefault(name, millis))));
			double cores = cpu.values().stream().mapToDouble(Double::doubleValue).sum() / 1000;
			return new Background(beforeLoad, afterLoad,
					Math.min(beforeLoad.commitsPerSecond(), afterLoad.commitsPerSecond()), cpu, cores);
		}

	}

}
