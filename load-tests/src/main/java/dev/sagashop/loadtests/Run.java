package dev.sagashop.loadtests;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the bench hands to a simulation (Gatling instantiates simulations itself, so they
 * read their parameters here) and what the simulation measured.
 */
final class Run {

	static final Map<String, String> parameters = new ConcurrentHashMap<>();

	static final Latencies latencies = new Latencies();

	private Run() {
	}

	static String get(String name) {
		String value = parameters.get(name);
		if (value == null) {
			throw new IllegalStateException("Simulation parameter " + name + " not set");
		}
		return value;
	}

	static double number(String name) {
		return Double.parseDouble(get(name));
	}

}
