package dev.sagashop.localstack;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Starts processes that outlive the launcher: in a session of their own (so closing the
 * terminal does not take them down), with no standard input and output appended to a log.
 */
final class Launch {

	private static final Path SETSID = Path.of("/usr/bin/setsid");

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
		builder.environment().putAll(environment);
		return builder.start();
	}

	/** The launcher's own runtime classpath, which also holds the Kafka broker's jars. */
	static String libraryClasspath(Path home) {
		return home.resolve("local-stack/target/lib").toString() + File.separator + "*";
	}

	/** The java executable running this launcher, reused for every child JVM. */
	static String java() {
		return ProcessHandle.current()
			.info()
			.command()
			.orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
	}

}
