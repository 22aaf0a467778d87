package dev.sagashop.localstack;

import java.io.File;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.sun.management.HotSpotDiagnosticMXBean;

/**
 * Starts processes that outlive the launcher: in a session of their own (so closing the
 * terminal does not take them down), with no standard input and output appended to a log.
 */
final class Launch {

	private static final Path SETSID = Path.of("/usr/bin/setsid");

	private static final List<String> NATIVE_MEMORY_OPTIONS = supports("TrimNativeHeapInterval")
			? List.of("-XX:TrimNativeHeapInterval=10000") : List.of();

	private Launch() {
	}

	static Process detached(List<String> command, Map<String, String> environment, Path log) throws IOException {
		List<String> full = new ArrayList<>();
		if (Files.isExecutable(SETSID)) {
			// A child of the JVM is no process-group leader, so setsid execs in place:
			// same pid.
			full.add(SETSID.toString());
		}
		full.addAll(command);
		ProcessBuilder builder = new ProcessBuilder(full).redirectErrorStream(true)
			.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
			.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
		// glibc gives a busy JVM up to 8 malloc arenas per core, each holding memory it
		// freed: two are enough for processes whose memory is mostly the Java heap (with
		// the heap trimming below; docs/performance.md). A value set by the caller wins.
		builder.environment().putIfAbsent("MALLOC_ARENA_MAX", "2");
		builder.environment().putAll(environment);
		return builder.start();
	}

	/**
	 * Options for every JVM of the stack, before its own: native memory the JVM freed
	 * (the compilers' arenas above all) goes back to the system every 10 s, where the JVM
	 * can do that (17.0.9 and later); measured here, 20 to 50 MB a process after a load.
	 * @return the options, empty on an older JVM
	 */
	static List<String> nativeMemoryOptions() {
		return NATIVE_MEMORY_OPTIONS;
	}

	/** Whether this JVM, and so each child, knows an option. */
	private static boolean supports(String option) {
		try {
			ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class).getVMOption(option);
			return true;
		}
		catch (IllegalArgumentException ex) {
			return false;
		}
	}

	/** The launcher's own runtime classpath, which also holds the Kafka broker's jars. */
	static String libraryClasspath(Path home) {
		return libraryDirectory(home).toString() + File.separator + "*";
	}

	/** The directory of the launcher's runtime jars. */
	static Path libraryDirectory(Path home) {
		return home.resolve("local-stack/target/lib");
	}

	/** The java executable running this launcher, reused for every child JVM. */
	static String java() {
		return ProcessHandle.current()
			.info()
			.command()
			.orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
	}

}
