package dev.sagashop.loadtests;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The local stack the bench runs against: its script, ports, tokens, databases.
 */
final class Stack {

	static final ObjectMapper JSON = new ObjectMapper();

	private static final Pattern RUNNING = Pattern.compile("^(\\S+)\\s+running\\s+(\\d+)\\s", Pattern.MULTILINE);

	final Path home;

	final int offset;

	final HttpClient http = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(Duration.ofSeconds(5))
		.build();

	Stack(Path home, int offset) {
		this.home = home;
		this.offset = offset;
	}

	/** The apps ./sagashop up starts from their jars. */
	static final List<String> APPS = List.of("auth-server", "gateway", "orders-service", "payments-service",
			"inventory-service", "shipping-service", "console");

	/**
	 * A class-data archive's file name ending, as local-stack's {@code AppCds} names it
	 * for the JVM that runs both the bench and the stack: an AOT cache from Java 25 on, a
	 * dynamic CDS archive before.
	 */
	static final String ARCHIVE_SUFFIX = (Runtime.version().feature() >= 25) ? ".aot" : ".jsa";

	/**
	 * The JVM a class-data archive was recorded by, as local-stack's {@code AppCds}
	 * stamps it beside the archive ({@code <process>.jvm}): the stack's processes run on
	 * the JVM that runs the bench.
	 */
	private static final String RECORDING_JVM = Runtime.version() + " " + System.getProperty("java.home");

	/**
	 * Whether a class-data archive (AppCDS, recorded when its process stops) is missing,
	 * older than what it was recorded from, as after a build (an app's jar, Zipkin's, the
	 * Kafka broker's jars), or recorded by another JVM, which the next start replaces.
	 */
	boolean classDataArchivesStale() {
		if ("false".equalsIgnoreCase(System.getenv("SAGASHOP_APPCDS"))) {
			return false;
		}
		String state = System.getenv("SAGASHOP_STATE_DIR");
		Path archives = ((state != null) ? Path.of(state) : this.home.resolve(".sagashop")).resolve("apps");
		Path lib = this.home.resolve("local-stack/target/lib");
		try (Stream<Path> brokerJars = Files.list(lib)) {
			Map<String, List<Path>> sources = new LinkedHashMap<>();
			APPS.forEach((app) -> sources.put(app, List.of(this.home.resolve(app + "/target/" + app + "-exec.jar"))));
			sources.put("zipkin", List.of(this.home.resolve("local-stack/target/zipkin/zipkin-server.jar")));
			sources.put("kafka", brokerJars.toList());
			for (Map.Entry<String, List<Path>> entry : sources.entrySet()) {
				Path archive = archives.resolve(entry.getKey() + ARCHIVE_SUFFIX);
				Path recordedBy = archives.resolve(entry.getKey() + ".jvm");
				if (!Files.exists(archive) || !Files.exists(recordedBy)
						|| !Files.readString(recordedBy).equals(RECORDING_JVM)) {
					return true;
				}
				for (Path source : entry.getValue()) {
					if (Files.getLastModifiedTime(archive).compareTo(Files.getLastModifiedTime(source)) < 0) {
						return true;
					}
				}
			}
		}
		catch (IOException ex) {
			return true;
		}
		return false;
	}

	int port(int contractPort) {
		return contractPort + this.offset;
	}

	String url(int contractPort) {
		return "http://localhost:" + port(contractPort);
	}

	/**
	 * Runs {@code ./sagashop ARGS}, its output shown as it comes.
	 * @param environment added to the bench's own
	 * @return the exit code and output
	 */
	Result script(Map<String, String> environment, String... args) throws IOException, InterruptedException {
		List<String> command = new ArrayList<>();
		command.add(this.home.resolve("sagashop").toString());
		command.addAll(List.of(args));
		ProcessBuilder builder = new ProcessBuilder(command).directory(this.home.toFile()).redirectErrorStream(true);
		builder.environment().putAll(environment);
		Process process = builder.start();
		StringBuilder output = new StringBuilder();
		try (var lines = process.inputReader(StandardCharsets.UTF_8)) {
			for (String line = lines.readLine(); line != null; line = lines.readLine()) {
				System.out.println("    | " + line);
				output.append(line).append('\n');
			}
		}
		process.waitFor(10, TimeUnit.MINUTES);
		return new Result(process.exitValue(), output.toString());
	}

	record Result(int exitCode, String output) {

		Map<String, Long> runningPids() {
			Map<String, Long> pids = new LinkedHashMap<>();
			Matcher matcher = RUNNING.matcher(this.output);
			while (matcher.find()) {
				pids.put(matcher.group(1), Long.parseLong(matcher.group(2)));
			}
			return pids;
		}

	}

	String token(String client, String scope) throws IOException, InterruptedException {
		String basic = Base64.getEncoder()
			.encodeToString((client + ":" + client + "-secret").getBytes(StandardCharsets.UTF_8));
		HttpResponse<String> response = this.http.send(HttpRequest.newBuilder(URI.create(url(9000) + "/oauth2/token"))
			.header("Authorization", "Basic " + basic)
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials&scope=" + scope.replace(" ", "+")))
			.build(), HttpResponse.BodyHandlers.ofString());
		if (response.statusCode() != 200) {
			throw new IllegalStateException("No token for " + client + ": " + response.body());
		}
		return JSON.readTree(response.body()).get("access_token").asText();
	}

	HttpResponse<String> send(String method, String url, String token, String body, String... headers)
			throws IOException, InterruptedException {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
			.timeout(Duration.ofSeconds(40))
			.header("Authorization", "Bearer " + token)
			.method(method,
					(body == null) ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
		if (body != null) {
			request.header("Content-Type", "application/json");
		}
		for (int i = 0; i + 1 < headers.length; i += 2) {
			request.header(headers[i], headers[i + 1]);
		}
		return this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	JsonNode json(HttpResponse<String> response) throws IOException {
		return JSON.readTree(response.body());
	}

	/** A connection to a service's database, as that service's role. */
	Connection database(String name) throws SQLException {
		return DriverManager.getConnection("jdbc:postgresql://localhost:" + port(5432) + "/" + name, name, name);
	}

	String kafka() {
		return "localhost:" + port(9092);
	}

	/**
	 * CPU time a process and its children (PostgreSQL's backends) have used so far,
	 * including children that have ended since: a backend whose connection closed during
	 * a step (a pool retiring it, a client leaving) takes its CPU time with it, and only
	 * its parent's count of its reaped children keeps it (Linux's {@code /proc}).
	 * @param pid the process
	 * @return milliseconds, 0 when it is gone or the platform does not tell
	 */
	static long cpuMillis(long pid) {
		return ProcessHandle.of(pid).map((process) -> {
			long total = cpuMillis(process) + reapedChildrenCpuMillis(pid);
			for (ProcessHandle child : process.descendants().toList()) {
				total += cpuMillis(child) + reapedChildrenCpuMillis(child.pid());
			}
			return total;
		}).orElse(0L);
	}

	/**
	 * CPU time of a process's children that ended and were waited for, 0 where unknown.
	 */
	private static long reapedChildrenCpuMillis(long pid) {
		try {
			return reapedChildrenCpuMillis(Files.readString(Path.of("/proc", Long.toString(pid), "stat")));
		}
		catch (IOException ex) {
			return 0; // gone, or not Linux
		}
	}

	/**
	 * {@code cutime + cstime} of a {@code /proc/<pid>/stat} line, in milliseconds; the
	 * kernel counts them in USER_HZ, 100 per second.
	 */
	static long reapedChildrenCpuMillis(String stat) {
		String[] fields = fieldsAfterName(stat);
		try {
			// cutime and cstime are fields 16 and 17.
			return (Long.parseLong(fields[13]) + Long.parseLong(fields[14])) * 10;
		}
		catch (ArrayIndexOutOfBoundsException | NumberFormatException ex) {
			return 0;
		}
	}

	/**
	 * CPU time the JIT compiler threads of a JVM have used so far: their share of the
	 * process's, read from each thread's {@code /proc/<pid>/task/<tid>/stat}.
	 * @param pid the JVM
	 * @return milliseconds, 0 when it is gone, not a JVM or the platform does not tell
	 */
	static long compilerCpuMillis(long pid) {
		long ticks = 0;
		try (var tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
			for (Path task : tasks.toList()) {
				try {
					String stat = Files.readString(task.resolve("stat"));
					String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
					if (name.startsWith("C1 Compiler") || name.startsWith("C2 Compiler")) {
						String[] fields = fieldsAfterName(stat);
						// utime and stime are fields 14 and 15.
						ticks += Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
					}
				}
				catch (IOException | RuntimeException ex) {
					// the thread ended meanwhile
				}
			}
		}
		catch (IOException ex) {
			return 0; // gone, or not Linux
		}
		return ticks * 10;
	}

	/**
	 * The fields of a {@code /proc/<pid>/stat} line from field 3 (state) on: the command
	 * name, field 2, is in parentheses and may hold spaces or ')', so they start after
	 * the last ')'. {@code fields[0]} is field 3.
	 */
	private static String[] fieldsAfterName(String stat) {
		return stat.substring(stat.lastIndexOf(')') + 2).trim().split(" +");
	}

	private static long cpuMillis(ProcessHandle process) {
		return process.info().totalCpuDuration().map(Duration::toMillis).orElse(0L);
	}

	/**
	 * CPU time the whole machine has used so far, every process's and the kernel's, ours
	 * or not: whether the cores were all busy.
	 * @return milliseconds, 0 where the platform does not tell
	 */
	static long machineBusyMillis() {
		try (var lines = Files.lines(Path.of("/proc/stat"))) {
			return lines.findFirst().map(Stack::machineBusyMillis).orElse(0L);
		}
		catch (IOException | UncheckedIOException ex) {
			return 0; // not Linux
		}
	}

	/**
	 * The busy time of {@code /proc/stat}'s first line ({@code cpu user nice system idle
	 * iowait irq softirq steal ...}, summed over the cores in USER_HZ, 100 per second):
	 * everything but idle and iowait, in milliseconds.
	 */
	static long machineBusyMillis(String cpuLine) {
		String[] fields = cpuLine.trim().split(" +");
		if (!fields[0].equals("cpu")) {
			return 0;
		}
		long busy = 0;
		for (int i = 1; i < Math.min(fields.length, 9); i++) {
			if (i != 4 && i != 5) {
				busy += Long.parseLong(fields[i]);
			}
		}
		return busy * 10;
	}

	/** Resident memory of a process, from /proc (0 where there is none). */
	static long rssBytes(long pid) {
		try {
			for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
				if (line.startsWith("VmRSS:")) {
					return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
				}
			}
		}
		catch (IOException | NumberFormatException ex) {
			// gone, or not Linux
		}
		return 0;
	}

}
