package dev.sagashop.localstack;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The whole system as local processes: PostgreSQL, a Kafka broker, auth-server, the four
 * services and the gateway. {@code up} returns once every process is ready and leaves
 * them running; {@code down} stops exactly those processes.
 */
public final class LocalStack {

	private static final Duration POLL = Duration.ofMillis(500);

	private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	private final StackConfig config;

	private final PrintStream out;

	private final Postgres postgres;

	private final KafkaBroker kafka;

	private final TraceServer zipkin;

	private final List<AppProcess> apps;

	/** PostgreSQL, Kafka and Zipkin, in start order, whether or not this stack traces. */
	private final List<StackProcess> infrastructure;

	/** Everything {@code up} starts, in order. */
	private final List<StackProcess> processes;

	private final AppCds appCds;

	public LocalStack(StackConfig config, PrintStream out) {
		this.config = config;
		this.out = out;
		this.postgres = new Postgres(config);
		this.appCds = new AppCds(config.stateDir(), Launch.java(), config.appCds());
		this.kafka = new KafkaBroker(config, Launch.java(), this.appCds);
		this.zipkin = new TraceServer(config, Launch.java(), this.appCds);
		this.apps = App
			.all(config.ports(), this.postgres, this.kafka.bootstrapServers(), config.instances(), config.stateDir(),
					config.tracing() ? Optional.of(this.zipkin.spansEndpoint()) : Optional.empty())
			.stream()
			.map((app) -> new AppProcess(app, config, this.appCds))
			.toList();
		this.infrastructure = List.of(this.postgres, this.kafka, this.zipkin);
		this.processes = Stream
			.concat(this.infrastructure.stream().filter((process) -> config.tracing() || process != this.zipkin),
					this.apps.stream())
			.toList();
	}

	/** Every process name, in start order. */
	public List<String> names() {
		return this.processes.stream().map(StackProcess::name).toList();
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
		List<StackProcess> toStart = this.processes.stream()
			.filter((process) -> !running.contains(process.name()))
			.toList();
		requirePortsFree(toStart);
		List<ManagedProcess> startedHere = new ArrayList<>();
		try {
			toStart.parallelStream().forEach(StackProcess::prepare);
			// The first (PostgreSQL) alone: the apps need their databases to start
			// (Flyway), but not Kafka or Zipkin, which start beside them.
			StackProcess first = this.processes.get(0);
			List<StackProcess> rest = toStart.stream().filter((process) -> process != first).toList();
			if (toStart.contains(first)) {
				this.out.println("Starting " + first.title() + "...");
				start(List.of(first), startedHere, started);
			}
			if (!rest.isEmpty()) {
				this.out
					.println("Starting " + String.join(", ", rest.stream().map(StackProcess::title).toList()) + "...");
				start(rest, startedHere, started);
			}
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
			String url = process.map(ManagedProcess::url).orElseGet(() -> kindOf(name).url());
			views.add(new ManagedProcessView(name, process.filter(ManagedProcess::isRunning).map(ManagedProcess::pid),
					url, this.config.logs().resolve(name + ".log")));
		}
		return views;
	}

	/** The log file of a process, by its full or short name ({@code orders}). */
	public Optional<Path> log(String name) {
		return names().stream()
			.filter((candidate) -> candidate.equals(name) || candidate.equals(App.serviceModule(name)))
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

	/**
	 * The process of a name; an app that an earlier {@code up} started (with more
	 * instances, say) and that this configuration does not have is stopped as any app.
	 */
	private StackProcess kindOf(String name) {
		return Stream.concat(this.infrastructure.stream(), this.apps.stream())
			.filter((process) -> process.name().equals(name))
			.findFirst()
			.orElseGet(() -> new AppProcess(new App(name, name, 0, "", Map.of()), this.config, this.appCds));
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
			.map(AppProcess::jar)
			.filter((jar) -> !Files.exists(this.config.home().resolve(jar)))
			.toList();
		if (!missing.isEmpty() || !Files.isDirectory(this.config.home().resolve("local-stack/target/lib"))) {
			throw new StackException(
					"Not built yet (missing " + String.join(", ", missing) + "): run ./sagashop up --build.", null);
		}
	}

	/**
	 * Refuses to start a process while something else answers on one of its ports: the
	 * new one would fail to bind while the other answered its readiness probe, and
	 * {@code up} would report a stack that is not there.
	 */
	private void requirePortsFree(List<StackProcess> toStart) {
		List<String> taken = toStart.stream()
			.flatMap((process) -> process.ports()
				.stream()
				.filter(LocalStack::answers)
				.map((port) -> process.name() + "'s port " + port))
			.toList();
		if (!taken.isEmpty()) {
			throw new StackException("In use by processes this stack did not start: " + String.join(", ", taken)
					+ ". Stop them, or give this stack other ports with SAGASHOP_PORT_OFFSET.", null);
		}
	}

	/** Whether something accepts TCP connections on the port on this machine. */
	static boolean answers(int port) {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1000);
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

	/** Starts the processes and waits until every one is ready. */
	private void start(List<StackProcess> processes, List<ManagedProcess> startedHere, long started) {
		Map<ManagedProcess, StackProcess> waiting = new LinkedHashMap<>();
		for (StackProcess process : processes) {
			process.start().ifPresent((managed) -> waiting.put(remember(managed, startedHere), process));
		}
		awaitReady(waiting, started);
	}

	/** Whether a GET of the URL answers 200 within 2 s. */
	static boolean answers200(String url) {
		try {
			HttpResponse<Void> response = HTTP.send(
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

	private void awaitReady(Map<ManagedProcess, StackProcess> readiness, long started) {
		List<ManagedProcess> waiting = new ArrayList<>(readiness.keySet());
		long deadline = started + this.config.readyTimeout().toNanos();
		while (!waiting.isEmpty()) {
			for (ManagedProcess process : List.copyOf(waiting)) {
				if (!process.isRunning()) {
					throw new StackException(process.name() + " exited during start-up", process.log());
				}
				if (readiness.get(process).isReady()) {
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

	/**
	 * Stops the apps side by side, then the rest in the opposite order of their start.
	 */
	private void stopAll(List<ManagedProcess> processes) {
		List<String> lastToFirst = new ArrayList<>(this.infrastructure.stream().map(StackProcess::name).toList());
		Collections.reverse(lastToFirst);
		List<ManagedProcess> apps = processes.stream()
			.filter((process) -> !lastToFirst.contains(process.name()))
			.toList();
		if (apps.stream()
			.anyMatch((process) -> kindOf(process.name()) instanceof AppProcess app && app.isRecordingArchive())) {
			this.out
				.println("  (first stop after a build: the apps write their class-data archives, this takes a while)");
		}
		apps.parallelStream().forEach(this::stop);
		for (String name : lastToFirst) {
			processes.stream().filter((process) -> process.name().equals(name)).forEach(this::stop);
		}
	}

	private void stop(ManagedProcess process) {
		boolean running = process.isRunning();
		boolean clean = kindOf(process.name()).stop(process);
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
