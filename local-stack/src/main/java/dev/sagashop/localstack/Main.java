package dev.sagashop.localstack;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The command line behind {@code ./sagashop}: {@code up}, {@code down}, {@code status},
 * {@code logs [name]}. Building is the script's job.
 */
public final class Main {

	private static final String USAGE = """
			Usage: ./sagashop COMMAND
			  up [--build] [--no-tracing]
			                        start everything in the background (build first if needed or asked);
			                        --no-tracing: no Zipkin, and the apps export no spans
			  down                  stop everything ./sagashop up started
			  status                show every process, its pid, URL and log
			  logs [NAME] [-f]      last lines of every log, or of one (postgres, kafka, zipkin, auth-server,
			                        orders, payments, inventory, shipping, gateway, console); -f follows it
			  logs --order ID       every app's log lines about one order, oldest first
			  logs --trace ID       every app's log lines of one trace (the id Zipkin shows)
			  bench [--help]        the benchmark: checkouts/s and saga latency through the gateway
			                        (restarts the stack; see docs/performance.md)
			Environment: SAGASHOP_PORT_OFFSET, SAGASHOP_STATE_DIR, SAGASHOP_READY_TIMEOUT (s),
			  SAGASHOP_JAVA_OPTS, SAGASHOP_JAVA_OPTS_<MODULE> (e.g. _GATEWAY: added for its apps),
			  SAGASHOP_APPCDS=false (no class-data sharing), SAGASHOP_TRACING=false,
			  SAGASHOP_AOT=false (the apps work out their beans at start, not from their build),
			  SAGASHOP_POSTGRES_URL/_USER/_PASSWORD (use an existing PostgreSQL).""";

	private Main() {
	}

	public static void main(String[] args) {
		Path home = Path.of(System.getProperty("sagashop.home", "."));
		List<String> arguments = List.of(args);
		StackConfig config = tracingChoice(StackConfig.fromEnvironment(home, System.getenv()), arguments);
		System.exit(run(new LocalStack(config, System.out), arguments, System.out, System.err));
	}

	/**
	 * {@code up --no-tracing} is remembered until the next {@code up}, so that
	 * {@code status} and {@code down} know the stack has no Zipkin.
	 */
	static StackConfig tracingChoice(StackConfig config, List<String> args) {
		Path marker = config.run().resolve("no-tracing");
		try {
			if (!args.isEmpty() && args.get(0).equals("up")) {
				if (args.contains("--no-tracing")) {
					Files.createDirectories(config.run());
					Files.writeString(marker, "./sagashop up --no-tracing\n");
				}
				else {
					Files.deleteIfExists(marker);
				}
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return (!config.tracing() || Files.exists(marker)) ? config.withoutTracing() : config;
	}

	static int run(LocalStack stack, List<String> args, PrintStream out, PrintStream err) {
		String command = args.isEmpty() ? "help" : args.get(0);
		try {
			return switch (command) {
				case "up" -> up(stack, out);
				case "down" -> down(stack, out);
				case "status" -> status(stack, out);
				case "logs" -> logs(stack, args.subList(1, args.size()), out, err);
				case "log-path" -> logPath(stack, args.get(1), out, err);
				case "help", "-h", "--help" -> {
					out.println(USAGE);
					yield 0;
				}
				default -> {
					err.println("Unknown command: " + command);
					err.println(USAGE);
					yield 2;
				}
			};
		}
		catch (StackException ex) {
			err.println();
			err.println("ERROR: " + ex.getMessage());
			if (ex.log() != null) {
				err.println("Last lines of " + ex.log() + ":");
				tail(ex.log(), 40).forEach((line) -> err.println("  | " + line));
			}
			return 1;
		}
	}

	private static int up(LocalStack stack, PrintStream out) {
		List<LocalStack.ManagedProcessView> processes = stack.up();
		printTable(processes, out);
		int gateway = stack.config().ports().gateway();
		out.println();
		out.println("Console: http://localhost:" + gateway
				+ "/console/   (sign in as alice / alice-password; ops / ops-password sees every order)");
		out.println("API:    http://localhost:" + gateway + "/api/products   (through the gateway)");
		out.println("Docs:   http://localhost:" + gateway + "/swagger-ui.html");
		stack.traceUrl()
			.ifPresent((url) -> out.println("Traces: " + url + "   (Zipkin: every request, every saga step)"));
		out.println("Stop:   ./sagashop down      Logs: ./sagashop logs [name] [--order ID | --trace ID]");
		return 0;
	}

	private static int down(LocalStack stack, PrintStream out) {
		List<String> stopped = stack.down();
		out.println(stopped.isEmpty() ? "Nothing of sagashop was running."
				: "Stopped " + stopped.size() + " processes. Data stays in " + stack.config().stateDir() + ".");
		return 0;
	}

	private static int status(LocalStack stack, PrintStream out) {
		List<LocalStack.ManagedProcessView> processes = stack.status();
		printTable(processes, out);
		long running = processes.stream().filter(LocalStack.ManagedProcessView::running).count();
		out.println();
		out.println(running + " of " + processes.size() + " processes running.");
		return running == processes.size() ? 0 : 3;
	}

	private static int logs(LocalStack stack, List<String> args, PrintStream out, PrintStream err) {
		if (args.size() == 2 && (args.get(0).equals("--order") || args.get(0).equals("--trace"))) {
			String key = args.get(0).equals("--order") ? "orderId" : "traceId";
			Map<String, Path> logs = new LinkedHashMap<>();
			stack.names().forEach((name) -> logs.put(name, stack.log(name).orElseThrow()));
			List<String> found = LogView.find(logs, key, args.get(1).trim());
			found.forEach(out::println);
			if (found.isEmpty()) {
				err.println("No log line with " + key + " " + args.get(1));
			}
			return found.isEmpty() ? 1 : 0;
		}
		if (args.isEmpty()) {
			for (String each : stack.names()) {
				Path log = stack.log(each).orElseThrow();
				out.println("==> " + log + " <==");
				tail(log, 15).stream().map(LogView::render).forEach(out::println);
			}
			return 0;
		}
		String name = args.get(0);
		Optional<Path> log = stack.log(name);
		if (log.isEmpty()) {
			err.println("No process named " + name + "; one of: " + String.join(", ", stack.names()));
			return 2;
		}
		tail(log.get(), 200).stream().map(LogView::render).forEach(out::println);
		return 0;
	}

	private static int logPath(LocalStack stack, String name, PrintStream out, PrintStream err) {
		Optional<Path> log = stack.log(name);
		log.ifPresent(out::println);
		if (log.isEmpty()) {
			err.println("No process named " + name + "; one of: " + String.join(", ", stack.names()));
		}
		return log.isPresent() ? 0 : 2;
	}

	private static void printTable(List<LocalStack.ManagedProcessView> processes, PrintStream out) {
		String format = "%-18s %-8s %-8s %-44s %s%n";
		out.printf(format, "NAME", "STATE", "PID", "URL", "LOG");
		for (LocalStack.ManagedProcessView process : processes) {
			out.printf(format, process.name(), process.running() ? "running" : "stopped",
					process.pid().map(String::valueOf).orElse("-"), process.url(), process.log());
		}
	}

	static List<String> tail(Path file, int lines) {
		if (!Files.exists(file)) {
			return List.of("(no log yet)");
		}
		Deque<String> last = new ArrayDeque<>(lines);
		try (Stream<String> all = Files.lines(file, StandardCharsets.ISO_8859_1)) {
			all.forEach((line) -> {
				if (last.size() == lines) {
					last.removeFirst();
				}
				last.addLast(line);
			});
		}
		catch (IOException ex) {
			return List.of("(cannot read " + file + ": " + ex.getMessage() + ")");
		}
		return List.copyOf(last);
	}

}
