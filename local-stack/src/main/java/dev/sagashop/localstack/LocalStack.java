package dev.sagashop.localstack;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The whole system as local processes: PostgreSQL, a Kafka broker, auth-server, the four
 * services and the gateway. {@code up} returns once every process is ready and leaves
 * them running; {@code down} stops exactly those processes.
 */
public final class LocalStack {

	private static final Duration POLL = Duration.ofMillis(500);

	private static final Duration APP_STOP_GRACE = Duration.ofSeconds(30);

	private static final Duration ARCHIVE_STOP_GRACE = Duration.ofSeconds(180);

	private final StackConfig config;

	private final PrintStream out;

	private final Postgres postgres;

	private final KafkaBroker kafka;

	private final TraceServer zipkin;

	private final List<App> apps;

	private final AppCds appCds;

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	public LocalStack(StackConfig config, PrintStream out) {
		this.config = config;
		this.out = out;
		this.postgres = new Postgres(config);
		this.kafka = new KafkaBroker(config, Launch.java());
		this.zipkin = new TraceServer(config, Launch.java());
		this.apps = App.all(config.ports(), this.postgres, this.kafka.bootstrapServers(), config.instances(),
				config.stateDir(), config.tracing() ? Optional.of(this.zipkin.spansEndpoint()) : Optional.empty());
		this.appCds = new AppCds(config.stateDir(), Launch.java());
	}

	/** Every process name, in start order. */
	public List<String> names() {
		Stream<String> infrastructure = this.config.tracing()
				? Stream.of(Postgres.NAME, KafkaBroker.NAME, TraceServer.NAME)
				: Stream.of(Postgres.NAME, KafkaBroker.NAME);
		return Stream.concat(infrastructure, this.apps.stream().map(App::name)).toList();
	}

	/** Zipkin's UI, where the stack runs one. */
	public Optional<String> traceUrl() {
		return this.config.tracing() ? Optional.of(this.zipkin.url()) : Optional.empty();
	}

	/**
	 * Starts everything that is not running (all of it on a fresh start; after a crash,
	 * what died) and waits until all of it is ready. On failure it stops what this call
	 * started and throws.
	 * @return the running processes
	 */
	public List<ManagedProcessView> up() {
		Set<String> running = known().stream()
			.filter(ManagedProcess::isRunning)
			.map(ManagedProcess::name)
			.collect(Collectors.toSet());
		if (running.containsAll(expected())) {
			this.out.println("sagashop is already running.");
			return status();
		}
		if (!running.isEmpty()) {
			this.out.println("Already running: "
					+ String.join(", ", names().stream().filter(running::contains).toList()) + "; starting the rest.");
		}
		requireJars();
		long started = System.nanoTime();
		List<ManagedProcess> startedHere = new ArrayList<>();
		try {
			if (!running.contains(Postgres.NAME)) {
				this.out.println("Starting PostgreSQL...");
				this.postgres.start().ifPresent((process) -> remember(process, startedHere));
				this.out.printf("  PostgreSQL ready at %s (%s)%n", this.postgres.hostAndPort(), since(started));
			}
			List<App> apps = this.apps.stream().filter((app) -> !running.contains(app.name())).toList();
			Map<App, List<String>> launchArguments = new LinkedHashMap<>();
			apps.parallelStream().forEach((app) -> {
				List<String> arguments = launchArguments(app);
				synchronized (launchArguments) {
					launchArguments.put(app, arguments);
				}
			});
			// The apps need PostgreSQL to start (Flyway), but not Kafka or Zipkin: start
			// them beside the broker.
			List<String> starting = new ArrayList<>(apps.stream().map(App::name).toList());
			Map<ManagedProcess, BooleanSupplier> waiting = new LinkedHashMap<>();
			boolean startZipkin = this.config.tracing() && !running.contains(TraceServer.NAME);
			if (startZipkin) {
				starting.add(0, "Zipkin");
			}
			if (!running.contains(KafkaBroker.NAME)) {
				starting.add(0, "Kafka");
			}
			this.out.println("Starting " + String.join(", ", starting) + "...");
			if (!running.contains(KafkaBroker.NAME)) {
				waiting.put(remember(this.kafka.start(), startedHere), this.kafka::isReady);
			}
			if (startZipkin) {
				waiting.put(remember(this.zipkin.start(), startedHere), () -> this.zipkin.isReady(this.http));
			}
			for (App app : apps) {
				waiting.put(remember(startApp(app, launchArguments.get(app)), startedHere), () -> isReady(app));
			}
			awaitReady(waiting, started);
		}
		catch (StackException ex) {
			this.out.println("sagashop did not start: stopping what this run started.");
			stopAll(startedHere);
			throw ex;
		}
		this.out.printf("sagashop is up in %s.%n", since(started));
		return status();
	}

	/**
	 * Stops every process {@code up} started: apps first, then Kafka, then PostgreSQL.
	 * @return the names of the processes that were running
	 */
	public List<String> down() {
		List<ManagedProcess> processes = known();
		List<String> stopped = processes.stream().filter(ManagedProcess::isRunning).map(ManagedProcess::name).toList();
		stopAll(processes);
		return stopped;
	}

	/** What runs, where, and where it logs. */
	public List<ManagedProcessView> status() {
		List<ManagedProcessView> views = new ArrayList<>();
		for (String name : knownNames()) {
			Optional<ManagedProcess> process = ManagedProcess.load(this.config.run(), name);
			views.add(new ManagedProcessView(name, process.filter(ManagedProcess::isRunning).map(ManagedProcess::pid),
					process.map(ManagedProcess::url).orElse(url(name)), this.config.logs().resolve(name + ".log")));
		}
		return views;
	}

	/** The log file of a process, by its full or short name ({@code orders}). */
	public Optional<Path> log(String name) {
		return names().stream()
			.filter((candidate) -> candidate.equals(name) || candidate.equals(name + "-service"))
			.findFirst()
			.map((found) -> this.config.logs().resolve(found + ".log"));
	}

	public StackConfig config() {
		return this.config;
	}

	private List<String> expected() {
		return names().stream()
			.filter((name) -> !(name.equals(Postgres.NAME) && this.config.externalPostgres().isPresent()))
			.toList();
	}

	private String url(String name) {
		if (name.equals(Postgres.NAME)) {
			return this.postgres.jdbcUrl("<service>");
		}
		if (name.equals(KafkaBroker.NAME)) {
			return this.kafka.bootstrapServers();
		}
		if (name.equals(TraceServer.NAME)) {
			return this.zipkin.url();
		}
		return this.apps.stream().filter((app) -> app.name().equals(name)).findFirst().map(App::url).orElse("");
	}

	private List<ManagedProcess> known() {
		return knownNames().stream().flatMap((name) -> ManagedProcess.load(this.config.run(), name).stream()).toList();
	}

	/**
	 * The configured processes, then any other that an earlier {@code up} started (with
	 * more instances, say) and that {@code down} must stop all the same.
	 */
	private List<String> knownNames() {
		List<String> names = new ArrayList<>(names());
		try (Stream<Path> files = Files.list(this.config.run())) {
			files.map((file) -> file.getFileName().toString())
				.filter((file) -> file.endsWith(".pid"))
				.map((file) -> file.substring(0, file.length() - ".pid".length()))
				.filter((name) -> !names.contains(name))
				.sorted()
				.forEach(names::add);
		}
		catch (IOException ex) {
			// No run directory yet: nothing was started.
		}
		return names;
	}

	private ManagedProcess remember(ManagedProcess process, List<ManagedProcess> startedHere) {
		process.save(this.config.run());
		startedHere.add(process);
		return process;
	}

	private void requireJars() {
		List<String> missing = this.apps.stream()
			.map(App::jar)
			.filter((jar) -> !Files.exists(this.config.home().resolve(jar)))
			.toList();
		if (!missing.isEmpty() || !Files.isDirectory(this.config.home().resolve("local-stack/target/lib"))) {
			throw new StackException(
					"Not built yet (missing " + String.join(", ", missing) + "): run ./sagashop up --build.", null);
		}
	}

	private List<String> launchArguments(App app) {
		Path jar = this.config.home().resolve(app.jar());
		return this.config.appCds() ? this.appCds.launchArguments(app.name(), jar) : List.of("-jar", jar.toString());
	}

	private ManagedProcess startApp(App app, List<String> launchArguments) {
		Path log = this.config.logs().resolve(app.name() + ".log");
		List<String> command = new ArrayList<>();
		command.add(Launch.java());
		command.addAll(Launch.nativeMemoryOptions());
		command.addAll(this.config.appJvmOptions());
		command.add("-Dsagashop.process=" + app.name());
		command.addAll(launchArguments);
		try {
			Files.createDirectories(this.config.logs());
			Process process = Launch.detached(command, app.environment(), log);
			return ManagedProcess.of(app.name(), process.toHandle(), app.url(), log);
		}
		catch (IOException ex) {
			throw new StackException("Cannot start " + app.name() + ": " + ex.getMessage(), log);
		}
	}

	private boolean isReady(App app) {
		return answers200(this.http, app.readinessUrl());
	}

	/** Whether a GET of the URL answers 200 within 2 s. */
	static boolean answers200(HttpClient http, String url) {
		try {
			HttpResponse<Void> response = http.send(
					HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(2)).build(),
					HttpResponse.BodyHandlers.discarding());
			return response.statusCode() == 200;
		}
		catch (IOException ex) {
			return false;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	private void awaitReady(Map<ManagedProcess, BooleanSupplier> readiness, long started) {
		List<ManagedProcess> waiting = new ArrayList<>(readiness.keySet());
		long deadline = started + this.config.readyTimeout().toNanos();
		while (!waiting.isEmpty()) {
			for (ManagedProcess process : List.copyOf(waiting)) {
				if (!process.isRunning()) {
					throw new StackException(process.name() + " exited during start-up", process.log());
				}
				if (readiness.get(process).getAsBoolean()) {
					waiting.remove(process);
					this.out.printf("  %-18s ready (%s)%n", process.name(), since(started));
				}
			}
			if (!waiting.isEmpty() && System.nanoTime() > deadline) {
				ManagedProcess first = waiting.get(0);
				throw new StackException("Not ready within " + this.config.readyTimeout().toSeconds() + " s: "
						+ String.join(", ", waiting.stream().map(ManagedProcess::name).toList()), first.log());
			}
			sleep(POLL);
		}
	}

	private void stopAll(List<ManagedProcess> processes) {
		Set<String> infrastructure = Set.of(KafkaBroker.NAME, Postgres.NAME, TraceServer.NAME);
		List<ManagedProcess> apps = processes.stream()
			.filter((process) -> !infrastructure.contains(process.name()))
			.toList();
		if (this.config.appCds() && apps.stream().anyMatch((process) -> this.appCds.isRecording(process.name()))) {
			this.out
				.println("  (first stop after a build: the apps write their class-data archives, this takes a while)");
		}
		apps.parallelStream().forEach((process) -> stop(process, () -> process.stop(stopGrace(process))));
		processes.stream()
			.filter((process) -> process.name().equals(TraceServer.NAME))
			.forEach((process) -> stop(process, () -> process.stop(Duration.ofSeconds(10))));
		processes.stream()
			.filter((process) -> process.name().equals(KafkaBroker.NAME))
			.forEach((process) -> stop(process, () -> process.stop(KafkaBroker.stopGrace())));
		processes.stream()
			.filter((process) -> process.name().equals(Postgres.NAME))
			.forEach((process) -> stop(process, () -> Postgres.stop(process, Duration.ofSeconds(60))));
	}

	private Duration stopGrace(ManagedProcess app) {
		return (this.config.appCds() && this.appCds.isRecording(app.name())) ? ARCHIVE_STOP_GRACE : APP_STOP_GRACE;
	}

	private void stop(ManagedProcess process, BooleanSupplier stopper) {
		boolean running = process.isRunning();
		boolean clean = stopper.getAsBoolean();
		if (running) {
			this.out.printf("  stopped %-18s (pid %d)%s%n", process.name(), process.pid(),
					clean ? "" : " -- killed after the grace period");
		}
		ManagedProcess.forget(this.config.run(), process.name());
	}

	private static String since(long started) {
		return String.format("%.1f s", (System.nanoTime() - started) / 1e9);
	}

	private static void sleep(Duration duration) {
		try {
			Thread.sleep(duration.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new StackException("Interrupted", null);
		}
	}

	/**
	 * One process as {@code status} shows it.
	 *
	 * @param name the process name
	 * @param pid its pid while it runs
	 * @param url where it serves
	 * @param log its log file
	 */
	public record ManagedProcessView(String name, Optional<Long> pid, String url, Path log) {

		public boolean running() {
			return this.pid.isPresent();
		}

	}

}
