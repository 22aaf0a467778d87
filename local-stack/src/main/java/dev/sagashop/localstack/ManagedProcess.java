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
 *
 * @param name the process's name in the stack, e.g. {@code orders-service}
 * @param pid its operating-system pid
 * @param startedAt when the operating system says it started, to tell it from a reused
 * pid
 * @param url where it serves, for {@code status}
 * @param log its log file
 */
record ManagedProcess(String name, long pid, Instant startedAt, String url, Path log) {

	static ManagedProcess of(String name, ProcessHandle handle, String url, Path log) {
		Instant started = handle.info().startInstant().orElse(Instant.EPOCH);
		return new ManagedProcess(name, handle.pid(), started, url, log);
	}

	void save(Path runDir) {
		Properties properties = new Properties();
		properties.setProperty("name", this.name);
		properties.setProperty("pid", Long.toString(this.pid));
		properties.setProperty("startedAt", this.startedAt.toString());
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
				Instant.parse(properties.getProperty("startedAt")), properties.getProperty("url"),
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
		return ProcessHandle.of(this.pid)
			.filter(ProcessHandle::isAlive)
			.filter((handle) -> !isZombie(handle.pid()))
			.filter((handle) -> handle.info().startInstant().map(this::sameStart).orElse(false));
	}

	/**
	 * A killed process stays a zombie until its (new) parent reaps it, and still answers
	 * as alive; on Linux, {@code /proc} tells.
	 */
	private static boolean isZombie(long pid) {
		Path stat = Path.of("/proc", Long.toString(pid), "stat");
		try {
			String text = Files.readString(stat);
			return text.substring(text.lastIndexOf(')') + 1).trim().startsWith("Z");
		}
		catch (IOException | RuntimeException ex) {
			return false;
		}
	}

	private boolean sameStart(Instant other) {
		// /proc gives start times in clock ticks; allow for rounding.
		return Duration.between(this.startedAt, other).abs().compareTo(Duration.ofSeconds(1)) <= 0;
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
