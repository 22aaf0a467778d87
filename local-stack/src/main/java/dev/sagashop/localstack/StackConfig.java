package dev.sagashop.localstack;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Where a local stack lives and how it runs. Everything comes from the environment, with
 * defaults that need nothing set.
 *
 * @param home the repository root (where the modules' {@code target/} folders are)
 * @param stateDir data, logs and pid files; survives {@code down}
 * @param ports the ports of every process
 * @param readyTimeout how long {@code up} waits for everything to be ready
 * @param appJvmOptions JVM options of every app
 * @param moduleJvmOptions JVM options added after those for the apps of one module
 * ({@code SAGASHOP_JAVA_OPTS_GATEWAY}, {@code SAGASHOP_JAVA_OPTS_ORDERS_SERVICE}), by
 * module name
 * @param kafkaJvmOptions JVM options of the Kafka broker (heap, collector, compiler)
 * @param externalPostgres an existing PostgreSQL to use instead of the embedded one
 * @param appCds whether apps run with application class-data sharing
 * @param instances how many instances of a service run, by module name, where more than
 * one
 * @param tracing whether a trace server (Zipkin) runs and the apps send it their spans
 * @param springAot whether the apps start from the bean definitions their build worked
 * out ahead of time ({@code SAGASHOP_AOT}, on unless {@code false}; ADR 42), where the
 * stack runs them as they were worked out for: with tracing
 * @param containers whether PostgreSQL and Kafka run as Docker containers
 * ({@code SAGASHOP_TEST_INFRA=containers}, {@link DockerContainer}) instead of processes
 */
public record StackConfig(Path home, Path stateDir, Ports ports, Duration readyTimeout, List<String> appJvmOptions,
		Map<String, List<String>> moduleJvmOptions, List<String> kafkaJvmOptions,
		Optional<ExternalPostgres> externalPostgres, boolean appCds, Map<String, Integer> instances, boolean tracing,
		boolean springAot, boolean containers) {

	private static final String MODULE_JVM_OPTIONS_PREFIX = "SAGASHOP_JAVA_OPTS_";

	private static final List<String> SERVICE_MODULES = App.SERVICES.stream().map(App::serviceModule).toList();

	/**
	 * C1 compiles a method after four times the calls it waits for by default: most of a
	 * start's code runs a few hundred times and never again, and compiling it cost the
	 * apps 5-8 s of CPU a start, of ~40 (ADR 3). Ten times waited too long: the
	 * interpreter then cost more than the compiling saved.
	 */
	static final String FEWER_START_COMPILES = "-XX:CompileThresholdScaling=4";

	/** Start fast and stay small; see docs/adr/0003-local-stack-as-processes.md. */
	static final List<String> LEAN_JVM_OPTIONS = List.of("-XX:TieredStopAtLevel=1", FEWER_START_COMPILES, "-Xss512k",
			"-XX:+UseSerialGC", "-Xmx256m", "-XX:MaxMetaspaceSize=192m", "-XX:ReservedCodeCacheSize=64m");

	/**
	 * The broker's heap (its data lives in the page cache, not the heap) and G1 with
	 * short pauses as Kafka recommends (a stop-the-world collection of the broker stalls
	 * every saga hop at once: seen as 300 ms tails with SerialGC), on C1 alone as the
	 * apps run: its start takes 3-4 s less CPU, and every app waits for the broker. Under
	 * load C2 costs it less (2.5 ms of CPU a checkout): the bench runs the broker on C2
	 * for its load, as it does the apps (ADR 3, ADR 37).
	 */
	static final List<String> KAFKA_JVM_OPTIONS = List.of("-Xms128m", "-Xmx256m", "-XX:+UseG1GC",
			"-XX:MaxGCPauseMillis=20", "-XX:InitiatingHeapOccupancyPercent=35", "-XX:TieredStopAtLevel=1",
			FEWER_START_COMPILES);

	/**
	 * A PostgreSQL server the launcher provisions (one role and database per service)
	 * instead of starting its own.
	 *
	 * @param jdbcUrl a JDBC URL of the server, with any database, e.g.
	 * {@code jdbc:postgresql://localhost:5432/postgres}
	 * @param user a role that may create roles and databases
	 * @param password its password
	 */
	public record ExternalPostgres(String jdbcUrl, String user, String password) {

		String host() {
			String rest = this.jdbcUrl.substring("jdbc:postgresql://".length());
			return rest.substring(0, rest.indexOf('/') < 0 ? rest.length() : rest.indexOf('/'));
		}

	}

	/**
	 * Reads the configuration from environment variables.
	 * @param home the repository root
	 * @param env the environment
	 * @return the configuration
	 */
	public static StackConfig fromEnvironment(Path home, Map<String, String> env) {
		Path stateDir = Optional.ofNullable(env.get("SAGASHOP_STATE_DIR"))
			.map(Path::of)
			.orElse(home.resolve(".sagashop"))
			.toAbsolutePath();
		int offset = Integer.parseInt(env.getOrDefault("SAGASHOP_PORT_OFFSET", "0"));
		Duration readyTimeout = Duration.ofSeconds(Long.parseLong(env.getOrDefault("SAGASHOP_READY_TIMEOUT", "240")));
		List<String> jvmOptions = jvmOptions(env.get("SAGASHOP_JAVA_OPTS"), LEAN_JVM_OPTIONS);
		List<String> kafkaJvmOptions = jvmOptions(env.get("SAGASHOP_KAFKA_JAVA_OPTS"), KAFKA_JVM_OPTIONS);
		Optional<ExternalPostgres> external = Optional.ofNullable(env.get("SAGASHOP_POSTGRES_URL"))
			.map((url) -> new ExternalPostgres(url, env.getOrDefault("SAGASHOP_POSTGRES_USER", "postgres"),
					env.getOrDefault("SAGASHOP_POSTGRES_PASSWORD", "")));
		boolean appCds = onUnlessFalse(env, "SAGASHOP_APPCDS");
		boolean tracing = onUnlessFalse(env, "SAGASHOP_TRACING");
		boolean springAot = onUnlessFalse(env, "SAGASHOP_AOT");
		return new StackConfig(home.toAbsolutePath(), stateDir, Ports.withOffset(offset), readyTimeout, jvmOptions,
				moduleJvmOptions(env), kafkaJvmOptions, external, appCds,
				instances(env.getOrDefault("SAGASHOP_INSTANCES", "")), tracing, springAot,
				"containers".equals(env.get("SAGASHOP_TEST_INFRA")));
	}

	/** A switch that is on unless the variable says {@code false} (in any case). */
	private static boolean onUnlessFalse(Map<String, String> env, String name) {
		return !"false".equalsIgnoreCase(env.getOrDefault(name, "true"));
	}

	private static List<String> jvmOptions(String set, List<String> defaults) {
		return (set != null) ? List.of(set.trim().split("\\s+")) : defaults;
	}

	/**
	 * The options of {@code SAGASHOP_JAVA_OPTS_<MODULE>} variables, by module name
	 * ({@code SAGASHOP_JAVA_OPTS_ORDERS_SERVICE} → {@code orders-service}).
	 */
	private static Map<String, List<String>> moduleJvmOptions(Map<String, String> env) {
		Map<String, List<String>> options = new LinkedHashMap<>();
		env.forEach((name, value) -> {
			if (name.startsWith(MODULE_JVM_OPTIONS_PREFIX) && !value.isBlank()) {
				String module = name.substring(MODULE_JVM_OPTIONS_PREFIX.length())
					.toLowerCase(Locale.ROOT)
					.replace('_', '-');
				if (!App.MODULES.contains(module)) {
					throw new StackException(name + ": no app module is called '" + module + "'; expected one of "
							+ String.join(", ", App.MODULES)
							+ " in capitals, '-' as '_' (e.g. SAGASHOP_JAVA_OPTS_ORDERS_SERVICE)", null);
				}
				options.put(module, jvmOptions(value, List.of()));
			}
		});
		return Map.copyOf(options);
	}

	/**
	 * An app's JVM options: every app's, then its module's own, which win where they set
	 * the same flag (the JVM takes the last).
	 * @param module the app's module
	 * @return the options in order
	 */
	List<String> jvmOptions(String module) {
		List<String> options = new ArrayList<>(this.appJvmOptions);
		options.addAll(this.moduleJvmOptions.getOrDefault(module, List.of()));
		return List.copyOf(options);
	}

	/** The same stack without a trace server ({@code up --no-tracing}). */
	StackConfig withoutTracing() {
		return new StackConfig(this.home, this.stateDir, this.ports, this.readyTimeout, this.appJvmOptions,
				this.moduleJvmOptions, this.kafkaJvmOptions, this.externalPostgres, this.appCds, this.instances, false,
				this.springAot, this.containers);
	}

	/**
	 * The options that start an app from the bean definitions its build worked out
	 * (Spring AOT, ADR 42): none when {@code SAGASHOP_AOT=false}, and none without
	 * tracing, since the build decided its conditions with spans exported (a start from
	 * them would keep the exporter that {@code --no-tracing} leaves out).
	 * @return the options, to follow the app's JVM options
	 */
	List<String> springAotOptions() {
		return (this.springAot && this.tracing) ? List.of("-Dspring.aot.enabled=true") : List.of();
	}

	/**
	 * Parses {@code orders=2,payments-service=2}.
	 * @param spec service names (with or without {@code -service}) and counts
	 * @return the counts by module name
	 */
	static Map<String, Integer> instances(String spec) {
		Map<String, Integer> instances = new LinkedHashMap<>();
		for (String entry : spec.split(",")) {
			if (entry.isBlank()) {
				continue;
			}
			String[] parts = entry.trim().split("=");
			String name = parts[0].trim().endsWith("-service") ? parts[0].trim() : App.serviceModule(parts[0].trim());
			if (parts.length != 2 || !SERVICE_MODULES.contains(name) || !parts[1].trim().matches("[1-9]")) {
				throw new StackException("SAGASHOP_INSTANCES: cannot read '" + entry.trim()
						+ "'; expected e.g. orders=2,payments=2 (1 to 9 instances of "
						+ String.join(", ", SERVICE_MODULES) + ")", null);
			}
			instances.put(name, Integer.parseInt(parts[1].trim()));
		}
		return Map.copyOf(instances);
	}

	Path logs() {
		return this.stateDir.resolve("logs");
	}

	Path run() {
		return this.stateDir.resolve("run");
	}

}
