package dev.sagashop.systemtests;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Drives the {@code ./sagashop} script of the repository, as a user would, against a
 * stack of its own (own state directory, ports shifted by an offset).
 */
final class Sagashop {

	private static final Pattern RUNNING_LINE = Pattern.compile("^(\\S+)\\s+running\\s+(\\d+)\\s", Pattern.MULTILINE);

	final Path home = Path.of(System.getProperty("sagashop.home", "..")).toAbsolutePath().normalize();

	final Path stateDir = Path.of(System.getProperty("sagashop.state-dir", "target/stack")).toAbsolutePath();

	final int portOffset = Integer.getInteger("sagashop.port-offset", 20000);

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

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
			java.util.LinkedHashMap<String, Long> pids = new java.util.LinkedHashMap<>();
			while (matcher.find()) {
				pids.put(matcher.group(1), Long.parseLong(matcher.group(2)));
			}
			return pids;
		}

	}

	Result run(String... args) throws IOException, InterruptedException {
		ProcessBuilder builder = new ProcessBuilder(java.util.stream.Stream
			.concat(java.util.stream.Stream.of(this.home.resolve("sagashop").toString()), java.util.Arrays.stream(args))
			.toList()).directory(this.home.toFile()).redirectErrorStream(true);
		builder.environment().put("SAGASHOP_STATE_DIR", this.stateDir.toString());
		builder.environment().put("SAGASHOP_PORT_OFFSET", Integer.toString(this.portOffset));
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

	int port(int contractPort) {
		return contractPort + this.portOffset;
	}

	HttpResponse<String> getThroughGateway(String path) throws IOException, InterruptedException {
		return this.http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port(8080) + path))
			.timeout(Duration.ofSeconds(10))
			.build(), HttpResponse.BodyHandlers.ofString());
	}

	HttpResponse<String> sendThroughGateway(String method, String path, String json)
			throws IOException, InterruptedException {
		return this.http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port(8080) + path))
			.timeout(Duration.ofSeconds(10))
			.header("Content-Type", "application/json")
			.method(method, HttpRequest.BodyPublishers.ofString(json))
			.build(), HttpResponse.BodyHandlers.ofString());
	}

	String jdbcUrl(String database) {
		return "jdbc:postgresql://localhost:" + port(5432) + "/" + database;
	}

	static final List<String> APPS = List.of("auth-server", "orders-service", "payments-service", "inventory-service",
			"shipping-service", "gateway");

	static final List<String> PROCESSES = java.util.stream.Stream
		.concat(java.util.stream.Stream.of("postgres", "kafka"), APPS.stream())
		.toList();

}
