package dev.sagashop.localstack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Zipkin's server, the stack's trace UI: one executable jar from Maven Central (copied to
 * {@code local-stack/target/zipkin/} by the build), spans kept in memory. The apps send
 * their spans to it when the stack runs with tracing (the default).
 */
final class TraceServer implements StackProcess {

	static final String NAME = "zipkin";

	static final String JAR = "local-stack/target/zipkin/zipkin-server.jar";

	/**
	 * A small heap, the serial collector, C1 alone: Zipkin is a developer's tool here.
	 */
	static final List<String> JVM_OPTIONS = List.of("-Xms64m", "-Xmx192m", "-XX:+UseSerialGC",
			"-XX:TieredStopAtLevel=1");

	private final StackConfig config;

	private final String java;

	private final AppCds appCds;

	private volatile List<String> launchArguments;

	TraceServer(StackConfig config, String java, AppCds appCds) {
		this.config = config;
		this.java = java;
		this.appCds = appCds;
	}

	@Override
	public String url() {
		return "http://localhost:" + this.config.ports().zipkin();
	}

	@Override
	public List<Integer> ports() {
		return List.of(this.config.ports().zipkin());
	}

	@Override
	public String name() {
		return NAME;
	}

	@Override
	public String title() {
		return "Zipkin";
	}

	@Override
	public boolean stop(ManagedProcess process) {
		return process.stop(this.appCds.stopGrace(NAME, Duration.ofSeconds(10)));
	}

	/** Extracts its jar for its class-data archive, as the apps do (ADR 3). */
	@Override
	public void prepare() {
		Path jar = this.config.home().resolve(JAR);
		if (Files.exists(jar)) {
			this.launchArguments = this.appCds.launchArguments(NAME, jar, JVM_OPTIONS);
		}
	}

	/** Where the apps post their spans. */
	String spansEndpoint() {
		return url() + "/api/v2/spans";
	}

	@Override
	public Optional<ManagedProcess> start() {
		Path log = this.config.logs().resolve(NAME + ".log");
		Path jar = this.config.home().resolve(JAR);
		if (!Files.exists(jar)) {
			throw new StackException("Not built yet (missing " + JAR + "): run ./sagashop up --build.", null);
		}
		if (this.launchArguments == null) {
			prepare();
		}
		List<String> command = new ArrayList<>(List.of(this.java));
		command.addAll(Launch.nativeMemoryOptions());
		command.addAll(JVM_OPTIONS);
		command.add("-Dsagashop.process=" + NAME);
		command.addAll(this.launchArguments);
		// In memory, bounded: the last thousand checkouts or so (22 to 45 spans each).
		// 200 000 spans ran out of a 256 MB heap.
		Map<String, String> environment = Map.of("QUERY_PORT", Integer.toString(this.config.ports().zipkin()),
				"STORAGE_TYPE", "mem", "MEM_MAX_SPANS", "30000", "JAVA_OPTS", "");
		try {
			Files.createDirectories(this.config.logs());
			Process process = Launch.detached(command, environment, log);
			return Optional.of(ManagedProcess.of(NAME, process.toHandle(), url(), log));
		}
		catch (IOException ex) {
			throw new StackException("Cannot start Zipkin: " + ex.getMessage(), log);
		}
	}

	@Override
	public boolean isReady() {
		return LocalStack.answers200(url() + "/health");
	}

}
