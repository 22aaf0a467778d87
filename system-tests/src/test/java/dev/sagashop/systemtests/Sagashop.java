package dev.sagashop.systemtests;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Drives the {@code ./sagashop} script of the repository, as a user would, against a
 * stack of its own (own state directory, ports shifted by an offset).
 */
final class Sagashop {

	private static final Pattern RUNNING_LINE = Pattern.compile("^(\\S+)\\s+running\\s+(\\d+)\\s", Pattern.MULTILINE);

	final Path home = Path.of(System.getProperty("sagashop.home", "..")).toAbsolutePath().normalize();

	final Path stateDir = Path.of(System.getProperty("sagashop.state-dir", "target/stack")).toAbsolutePath();

	final int portOffset = Integer.getInteger("sagashop.port-offset", 20000);

	private static final JsonMapper JSON = JsonMapper.builder().build();

	/**
	 * HTTP/1.1, as curl speaks it. Java's default first asks each connection for an h2c
	 * upgrade, and about 1 in 100 of the gateway's 401 answers to such a request never
	 * arrives (reproduced with a probe; see the session note): a known gateway issue that
	 * these tests, which are about the API, do not depend on.
	 */
	static HttpClient newClient() {
		return HttpClient.newBuilder()
			.version(HttpClient.Version.HTTP_1_1)
			.connectTimeout(Duration.ofSeconds(5))
			.build();
	}

	private final HttpClient http = newClient();

	/** The same code serves every stack of a run: one document for all. */
	private static Exchanges exchanges;

	private final Map<String, String> tokens = new ConcurrentHashMap<>();

	/**
	 * The outcome of one command.
	 *
	 * @param exitCode the script's exit code
	 * @param output what it printed, standard error included
	 */
	record Result(int exitCode, String output) {

		/** The pid of every process the output lists as running, by name. */
		Map<String, Long> runningPids() {
			Matcher matcher = RUNNING_LINE.matcher(this.output);
			LinkedHashMap<String, Long> pids = new LinkedHashMap<>();
			while (matcher.find()) {
				pids.put(matcher.group(1), Long.parseLong(matcher.group(2)));
			}
			return pids;
		}

	}

	Result run(String... args) throws IOException, InterruptedException {
		ProcessBuilder builder = new ProcessBuilder(
				Stream.concat(Stream.of(this.home.resolve("sagashop").toString()), Arrays.stream(args)).toList())
			.directory(this.home.toFile())
			.redirectErrorStream(true);
		builder.environment().put("SAGASHOP_STATE_DIR", this.stateDir.toString());
		builder.environment().put("SAGASHOP_PORT_OFFSET", Integer.toString(this.portOffset));
		builder.environment().put("SAGASHOP_INSTANCES", INSTANCES);
		// The carrier collects only when a test says so (an admin's dispatch): a
		// collection five minutes after an early order would change rows
		// a later test counts.
		builder.environment().put("SHIPPING_COLLECTION_DELAY", "24h");
		Process process = builder.start();
		byte[] output = process.getInputStream().readAllBytes();
		if (!process.waitFor(6, TimeUnit.MINUTES)) {
			process.destroyForcibly();
			throw new IllegalStateException("./sagashop " + String.join(" ", args) + " did not finish");
		}
		String text = new String(output, StandardCharsets.UTF_8);
		System.out.println("$ ./sagashop " + String.join(" ", args) + "\n" + text);
		return new Result(process.exitValue(), text);
	}

	/**
	 * A running process of the stack, to signal as a crash or an operator would.
	 * @param name the process, e.g. {@code payments-service}
	 * @return its handle
	 */
	ProcessHandle process(String name) throws Exception {
		Result status = run("status");
		Long pid = status.runningPids().get(name);
		// Why it is not running, from the launcher's own view of its log.
		assertThat(pid)
			.as(() -> "%s running%n%s%nIts log (./sagashop logs %s):%n%s".formatted(name, status.output(), name,
					logs(name)))
			.isNotNull();
		return ProcessHandle.of(pid).orElseThrow();
	}

	/**
	 * Signals processes at once and waits until the launcher sees none of them running.
	 * @param processes handles from {@link #process(String)}, by name
	 * @param forcibly SIGKILL when {@code true}, else SIGTERM
	 */
	void kill(Map<String, ProcessHandle> processes, boolean forcibly) {
		processes.values().forEach(forcibly ? ProcessHandle::destroyForcibly : ProcessHandle::destroy);
		await().atMost(Duration.ofSeconds(60))
			.pollInterval(Duration.ofMillis(500))
			.untilAsserted(() -> assertThat(run("status").runningPids())
				.doesNotContainKeys(processes.keySet().toArray(String[]::new)));
	}

	/**
	 * Kills processes at once ({@code kill -9}) and keeps them away: waits until the
	 * launcher has seen none of them running for the whole time.
	 * @param processes handles from {@link #process(String)}, by name
	 * @param away how long from the kill
	 */
	void keepAway(Map<String, ProcessHandle> processes, Duration away) {
		kill(processes, true);
		long killedAt = System.nanoTime();
		await().during(away.minusNanos(System.nanoTime() - killedAt))
			.atMost(away.plusSeconds(30))
			.pollInterval(Duration.ofSeconds(2))
			.until(() -> run("status").runningPids().keySet().stream().noneMatch(processes::containsKey));
	}

	/**
	 * {@code ./sagashop up}: starts what is not running, and fails the test if it cannot.
	 */
	void up() throws IOException, InterruptedException {
		Result up = run("up");
		assertThat(up.exitCode()).as(up.output()).isZero();
	}

	int port(int contractPort) {
		return contractPort + this.portOffset;
	}

	/**
	 * A token of a demo client from this stack's auth-server ({@code ops} gets scope
	 * {@code admin} too), fetched once per run: the signing key persists across
	 * {@code down}/{@code up}, so it stays valid.
	 * @param client {@code alice}, {@code bob} or {@code ops}
	 * @return the access token
	 */
	String token(String client) {
		return this.tokens.computeIfAbsent(client, (name) -> {
			String scope = name.equals("ops") ? "orders admin" : "orders";
			String basic = Base64.getEncoder()
				.encodeToString((name + ":" + name + "-secret").getBytes(StandardCharsets.UTF_8));
			try {
				HttpResponse<String> response = this.http
					.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port(9000) + "/oauth2/token"))
						.timeout(Duration.ofSeconds(10))
						.header("Authorization", "Basic " + basic)
						.header("Content-Type", "application/x-www-form-urlencoded")
						.POST(HttpRequest.BodyPublishers
							.ofString("grant_type=client_credentials&scope=" + scope.replace(" ", "%20")))
						.build(), HttpResponse.BodyHandlers.ofString());
				assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
				return JSON.readTree(response.body()).get("access_token").asString();
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(ex);
			}
		});
	}

	/** A GET through the gateway as alice. */
	HttpResponse<String> getThroughGateway(String path) throws IOException, InterruptedException {
		return send(8080, "GET", path, null, token("alice"));
	}

	/** A request with a JSON body through the gateway as alice. */
	HttpResponse<String> sendThroughGateway(String method, String path, String json)
			throws IOException, InterruptedException {
		return send(8080, method, path, json, token("alice"));
	}

	/**
	 * One request to one process of the stack.
	 * @param contractPort its port without the offset (8080 for the gateway)
	 * @param method the HTTP method
	 * @param path the path and query
	 * @param json the body, or {@code null} for none
	 * @param bearerToken the token to send, or {@code null} for none
	 * @param headers more headers, as name, value, name, value...
	 * @return the response
	 */
	HttpResponse<String> send(int contractPort, String method, String path, String json, String bearerToken,
			String... headers) throws IOException, InterruptedException {
		HttpRequest.Builder request = HttpRequest
			.newBuilder(URI.create("http://localhost:" + port(contractPort) + path))
			.timeout(Duration.ofSeconds(40))
			.method(method,
					(json == null) ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
		if (json != null) {
			request.header("Content-Type", "application/json");
		}
		if (bearerToken != null) {
			request.header("Authorization", "Bearer " + bearerToken);
		}
		for (int i = 0; i + 1 < headers.length; i += 2) {
			request.header(headers[i], headers[i + 1]);
		}
		HttpResponse<String> response = this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
		if (contractPort != 9000 && path.startsWith("/api/")) {
			Map<String, String> received = new LinkedHashMap<>();
			response.headers()
				.map()
				.forEach((name, values) -> received.put(name.toLowerCase(Locale.ROOT), values.get(0)));
			String violation = exchanges().violation(method, path, json,
					new RawHttp.Response(response.statusCode(), received, response.body()));
			if (violation != null) {
				throw new AssertionError("%s %s (port %d) is not as the API's document says: %s".formatted(method, path,
						contractPort, violation));
			}
		}
		return response;
	}

	/**
	 * How many {@code /api} exchanges of this run were checked against the API's document
	 * (each that broke it failed its test).
	 */
	static long exchangesChecked() {
		synchronized (Sagashop.class) {
			return (exchanges != null) ? exchanges.checked() : 0;
		}
	}

	/**
	 * The API's one document, read from the gateway once: every {@code /api} exchange
	 * through {@link #send} is checked against it.
	 */
	Exchanges exchanges() {
		synchronized (Sagashop.class) {
			if (exchanges == null) {
				URI uri = URI.create("http://localhost:" + port(8080) + "/v3/api-docs");
				exchanges = await("the API's document at " + uri).atMost(Duration.ofSeconds(60))
					.ignoreExceptions()
					.until(() -> {
						HttpResponse<String> document = this.http.send(HttpRequest.newBuilder(uri).build(),
								HttpResponse.BodyHandlers.ofString());
						return (document.statusCode() == 200) ? new Exchanges(JSON.readTree(document.body())) : null;
					}, (read) -> read != null);
			}
			return exchanges;
		}
	}

	/**
	 * Sums a Prometheus metric of one process, read directly from its port.
	 * @param contractPort the process's port without the offset (8091 for
	 * orders-service-2)
	 * @param name the metric's name
	 * @param labels label pairs ({@code uri="/api/orders"}) every counted series has
	 * @return the sum over the matching series, 0 when there is none
	 */
	double metric(int contractPort, String name, String... labels) throws IOException, InterruptedException {
		HttpResponse<String> response = this.http
			.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port(contractPort) + "/actuator/prometheus"))
				.timeout(Duration.ofSeconds(10))
				.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).isEqualTo(200);
		return response.body()
			.lines()
			.filter((line) -> line.startsWith(name + "{") || line.startsWith(name + " "))
			.filter((line) -> Arrays.stream(labels).allMatch(line::contains))
			.mapToDouble((line) -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
			.sum();
	}

	private String logs(String process) {
		try {
			return run("logs", process).output();
		}
		catch (IOException ex) {
			return "(no log: " + ex.getMessage() + ")";
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return "(interrupted)";
		}
	}

	/** The log file of a process of the stack. */
	Path log(String process) {
		return this.stateDir.resolve("logs").resolve(process + ".log");
	}

	String jdbcUrl(String database) {
		return "jdbc:postgresql://localhost:" + port(5432) + "/" + database;
	}

	/**
	 * The system tests run two instances of orders-service and of payments-service, so
	 * everything they prove holds with two instances too.
	 */
	static final String INSTANCES = "orders=2,payments=2";

	static final List<String> APPS = List.of("auth-server", "orders-service", "orders-service-2", "payments-service",
			"payments-service-2", "inventory-service", "shipping-service", "gateway", "console");

	static final List<String> PROCESSES = Stream.concat(Stream.of("postgres", "kafka", "zipkin"), APPS.stream())
		.toList();

}
