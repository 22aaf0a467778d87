package dev.sagashop.loadtests;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The bench's command-line options.
 */
final class Options {

	double start = 20;

	double step = 10;

	double max = 400;

	int duration = 30;

	int warmup = 120;

	/**
	 * The warm-up goes on, a minute at a time, until this many checkouts completed: the
	 * JIT compiles a method after thousands of calls, and a checkout calls most of its
	 * path once, so it needs checkouts rather than seconds.
	 */
	int warmupCheckouts = 6000;

	double p99BoundMs = 250;

	boolean reuse;

	boolean tracing = true;

	boolean baselines = true;

	boolean quick;

	boolean help;

	static Options parse(List<String> args) {
		Options options = new Options();
		for (int i = 0; i < args.size(); i++) {
			String arg = args.get(i);
			switch (arg) {
				case "--reuse" -> options.reuse = true;
				case "--no-tracing" -> options.tracing = false;
				case "--checkouts-only" -> options.baselines = false;
				case "--quick" -> {
					options.quick = true;
					options.duration = 5;
					options.warmup = 5;
					options.warmupCheckouts = 0;
					options.start = 20;
					options.step = 20;
					options.max = 40;
				}
				case "-h", "--help", "help" -> options.help = true;
				case "--start", "--step", "--max", "--duration", "--warmup", "--warmup-checkouts", "--p99-bound" -> {
					if (i + 1 >= args.size()) {
						throw new IllegalArgumentException(arg + " needs a value");
					}
					double value;
					try {
						value = Double.parseDouble(args.get(++i));
					}
					catch (NumberFormatException ex) {
						throw new IllegalArgumentException(arg + ": not a number: " + args.get(i));
					}
					if (value <= 0 && !(arg.equals("--warmup-checkouts") && value == 0)) {
						throw new IllegalArgumentException(arg + " must be positive");
					}
					switch (arg) {
						case "--start" -> options.start = value;
						case "--step" -> options.step = value;
						case "--max" -> options.max = value;
						case "--duration" -> options.duration = (int) value;
						case "--warmup" -> options.warmup = (int) value;
						case "--warmup-checkouts" -> options.warmupCheckouts = (int) value;
						default -> options.p99BoundMs = value;
					}
				}
				default -> throw new IllegalArgumentException("Unknown option: " + arg);
			}
		}
		if (options.max < options.start) {
			throw new IllegalArgumentException("--max must be at least --start");
		}
		return options;
	}

	Map<String, Object> asMap() {
		Map<String, Object> map = new LinkedHashMap<>();
		map.put("start", this.start);
		map.put("step", this.step);
		map.put("max", this.max);
		map.put("durationSeconds", this.duration);
		map.put("warmupSeconds", this.warmup);
		map.put("warmupCheckouts", this.warmupCheckouts);
		map.put("p99BoundMs", this.p99BoundMs);
		map.put("reuse", this.reuse);
		map.put("tracing", this.tracing);
		map.put("quick", this.quick);
		return map;
	}

}
