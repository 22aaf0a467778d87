package dev.sagashop.loadtests;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Runs Gatling simulations in the bench's JVM, each with its HTML report (and its console
 * output beside it) in the run's results folder, and hands back what it measured.
 */
final class Gatling {

	private final Path results;

	Gatling(Path results) {
		this.results = results;
	}

	/**
	 * Checkouts through the gateway at a fixed arrival rate ({@link CheckoutSimulation}).
	 * @param rampSeconds the first seconds ramp up to the rate, 0 for none
	 */
	Latencies checkouts(Stack stack, String sku, String token, double rate, int seconds, int rampSeconds, String name)
			throws Exception {
		System.out.printf("  %s: %d s at %.0f checkouts/s%s ...%n", name, seconds, rate,
				(rampSeconds > 0) ? " (the first " + rampSeconds + " s ramping up to it)" : "");
		return run(CheckoutSimulation.class, checkout(stack, sku, token, rate, seconds, rampSeconds, 0), name);
	}

	/**
	 * Checkouts through the gateway by {@code users} customers in a closed loop, each
	 * placing its next order when the last one is final.
	 */
	Latencies closedCheckouts(Stack stack, String sku, String token, int users, int seconds, String name)
			throws Exception {
		System.out.printf("  %s: %d s, %d customers back to back ...%n", name, seconds, users);
		return run(CheckoutSimulation.class, checkout(stack, sku, token, 0, seconds, 0, users), name);
	}

	/** {@link CheckoutSimulation}'s parameters: a rate (open) or users (closed). */
	private static Map<String, String> checkout(Stack stack, String sku, String token, double rate, int seconds,
			int rampSeconds, int users) {
		return Map.of("gateway", stack.url(8080), "sku", sku, "token", token, "rate", Double.toString(rate), "duration",
				Integer.toString(seconds), "ramp", Integer.toString(rampSeconds), "users", Integer.toString(users));
	}

	/**
	 * Runs a simulation; its parameters are read through {@link Run}.
	 * @return the latencies and errors it recorded
	 */
	Latencies run(Class<?> simulation, Map<String, String> parameters, String name) throws Exception {
		Run.parameters.clear();
		Run.parameters.putAll(parameters);
		Run.latencies.clear();
		Path folder = this.results.resolve("gatling").resolve(name);
		Files.createDirectories(folder);
		String[] arguments = { "-s", simulation.getName(), "-rf", folder.toString(), "-rd", name };
		// Gatling's console output goes to a file beside its report: the bench prints the
		// figures that matter.
		PrintStream console = System.out;
		int status;
		try (PrintStream log = new PrintStream(Files.newOutputStream(folder.resolve("console.log")), true)) {
			System.setOut(log);
			status = scala.Console$.MODULE$.withOut(log,
					(scala.Function0<Integer>) () -> io.gatling.app.Gatling$.MODULE$.fromArgs(arguments));
		}
		finally {
			System.setOut(console);
		}
		if (status != 0 && status != 2) {
			throw new IllegalStateException("Gatling ended with status " + status + " for " + name);
		}
		return Run.latencies.copy();
	}

}
