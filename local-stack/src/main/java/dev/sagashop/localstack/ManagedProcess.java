package dev.sagashop.localstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A process the launcher started, remembered in a pid file together with its start time,
 * so that {@code down} stops exactly that process and never an unrelated one that reused
 * its pid.
 * <p>
 * On Linux the start time that tells them apart is the kernel's, in clock ticks since
 * boot ({@code /proc/<pid>/stat}): it does not move when the wall clock is set. The
 * instant Java derives from it does (boot time plus ticks, with the boot time read from
 * the wall clock), so after a clock step (NTP, a laptop waking, a virtual machine resumed
 * from a snapshot) every process would look like a stranger that reused the pid:
 * {@code status} would show the stack stopped while it runs and {@code down} would leave
 * it running. The instant is the fallback where there is no {@code /proc}.
 *
 * @param name the process's name in the stack, e.g. {@code orders-service}
 * @param pid its operating-system pid
 * @param startedAt when the operating system says it started, to tell it from a reused
 * pid where there is no {@code /proc}
 * @param startTicks when the kernel started it, in clock ticks since boot; -1 where there
 * is no {@code /proc}
 * @param url where it serves, for {@code status}
 * @param log its log file
 */
record ManagedProcess(String name, long pid, Instant startedAt, long startTicks, String url, Path log) {

	static ManagedProcess of(String name, ProcessHandle handle, String url, Path log) {
		Instant started = handle.info().startInstant().orElse(Instant.EPOCH);
		long ticks = ProcStat.of(handle.pid()).map(ProcStat::startTicks).orElse(-1L);
		return new ManagedProcess(name, handle.pid(), started, ticks, url, log);
	}

	void save(Path runDir) {
		Properties properties = new Properties();
		properties.setProperty("name", this.name);
		properties.setProperty("pid", Long.toString(this.pid));
		properties.setProperty("startedAt", this.startedAt.toString());
		properties.setProperty("startTicks", Long.toString(this.startTicks));
		properties.setProperty("url", this.url);
		properties.setProperty("log", this.log.toString());
		try {
			Files.createDirectories(runDir);
			try (var out = Files.newBufferedWriter(runDir.resolve(this.name + ".pid"))) {
				properties.store(out, "started by ./sagashop up");
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	static Optional<ManagedProcess> load(Path runDir, String name) {
		Path file = runDir.resolve(name + ".pid");
		if (!Files.exists(file)) {
			return Optional.empty();
		}
		Properties properties = new Properties();
		try (var in = Files.newBufferedReader(file)) {
			properties.load(in);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return Optional.of(new ManagedProcess(name, Long.parseLong(properties.getProperty("pid")),
				Instant.parse(properties.getProperty("startedAt")),
				Long.parseLong(properties.getProperty("startTicks", "-1")), properties.getProperty("url"),
				Path.of(properties.getProperty("log"))));
	}

	static void forget(Path runDir, String name) {
		try {
			Files.deleteIfExists(runDir.resolve(name + ".pid"));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * The live process this record stands for, if it still runs.
	 * @return the handle, empty once it has exited (or its pid now belongs to another
	 * process)
	 */
	Optional<ProcessHandle> handle() {
		return ProcessHandle.of(this.pid).filter(ProcessHandle::isAlive).filter(this::isTheOneStarted);
	}

	private boolean isTheOneStarted(ProcessHandle handle) {
		Optional<ProcStat> stat = ProcStat.of(handle.pid());
		if (stat.isPresent()) {
			// A killed process stays a zombie until its (new) parent reaps it, and still
			// answers as alive.
			return !stat.get().zombie()
					&& (this.startTicks < 0 ? sameStart(handle) : stat.get().startTicks() == this.startTicks);
		}
		return sameStart(handle);
	}

	private boolean sameStart(ProcessHandle handle) {
		// /proc gives start times in clock ticks; allow for rounding.
		return handle.info()
			.startInstant()
			.map((other) -> Duration.between(this.startedAt, other).abs().compareTo(Duration.ofSeconds(1)) <= 0)
			.orElse(false);
	}

	/**
	 * What {@code /proc/<pid>/stat} says of a process on Linux.
	 *
	 * @param zombie whether it has exited and waits to be reaped
	 * @param startTicks when it started, in clock ticks since boot
	 */
	record ProcStat(boolean zombie, long startTicks) {

		static Optional<ProcStat> of(long pid) {
			try {
				String text = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
				// After the command's name in parentheses: state (field 3) ... starttime
				// (field 22).
				String[] fields = text.substring(text.lastIndexOf(')') + 1).trim().split(" ");
				return Optional.of(new ProcStat(fields[0].equals("Z"), Long.parseLong(fields[19])));
			}
			catch (IOException | RuntimeException ex) {
				return Optional.empty();
			}
		}

	}

	boolean isRunning() {
		return handle().isPresent();
	}

	/**
	 * Asks the process to stop (SIGTERM), waits, and kills it when it does not stop in
	 * time.
	 * @param grace how long to wait before SIGKILL
	 * @return whether it stopped within the grace period
	 */
	boolean stop(Duration grace) {
		Optional<ProcessHandle> handle = handle();
		if (handle.isEmpty()) {
			return true;
		}
		handle.get().destroy();
		return awaitExit(handle.get(), grace);
	}

	static boolean awaitExit(ProcessHandle handle, Duration grace) {
		try {
			handle.onExit().get(grace.toMillis(), TimeUnit.MILLISECONDS);
			return true;
		}
		catch (TimeoutException ex) {
			handle.destroyForcibly();
			return false;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
		catch (ExecutionException ex) {
			return !handle.isAlive();
		}
	}

}
