package dev.sagashop.loadtests;

import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/**
 * The latency-vs-throughput chart of a bench run, as SVG: p50, p95 and p99 of each step
 * against the throughput it reached, with the p99 bound, the overload step and the
 * floor's p99.
 */
final class Chart {

	private static final int WIDTH = 720;

	private static final int HEIGHT = 420;

	private static final int LEFT = 70;

	private static final int BOTTOM = 60;

	private static final int TOP = 40;

	private static final int RIGHT = 30;

	private Chart() {
	}

	/**
	 * @param steps the checkout's steps
	 * @param boundMs the p99 bound
	 * @param overhead the gateway's overhead, if measured
	 * @param overload the overload step, if run
	 * @param floor the floor's steps, drawn as its p99, empty if not measured
	 */
	static String svg(List<CheckoutSteps.Step> steps, double boundMs, GatewayOverhead.Result overhead,
			Overload.Figures overload, List<Floor.Step> floor) {
		double maxX = Math.max(10, (overload != null) ? number(overload.confirmedPerSecond()) : 0);
		double maxY = boundMs * 1.2;
		for (CheckoutSteps.Step step : steps) {
			maxX = Math.max(maxX, step.throughputPerSecond());
			maxY = Math.max(maxY, Math.min(number(step.p99Ms()), boundMs * 4));
		}
		for (Floor.Step step : floor) {
			maxX = Math.max(maxX, step.rate());
		}
		maxX = nice(maxX * 1.1);
		maxY = nice(maxY * 1.05);
		StringBuilder svg = new StringBuilder();
		svg.append(String.format(Locale.ROOT,
				"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" font-family=\"sans-serif\" "
						+ "font-size=\"12\">%n<rect width=\"100%%\" height=\"100%%\" fill=\"white\"/>%n",
				WIDTH, HEIGHT));
		svg.append(text(WIDTH / 2, 22, "sagashop checkout: saga latency vs throughput", "middle", 15));
		int plotWidth = WIDTH - LEFT - RIGHT;
		int plotHeight = HEIGHT - TOP - BOTTOM;
		for (int i = 0; i <= 5; i++) {
			double x = LEFT + plotWidth * i / 5.0;
			double y = TOP + plotHeight - plotHeight * i / 5.0;
			svg.append(line(LEFT, y, LEFT + plotWidth, y, "#e0e0e0"));
			svg.append(text(LEFT - 8, y + 4, format(maxY * i / 5), "end", 11));
			svg.append(line(x, TOP, x, TOP + plotHeight, "#e0e0e0"));
			svg.append(text(x, TOP + plotHeight + 18, format(maxX * i / 5), "middle", 11));
		}
		svg.append(text(LEFT + plotWidth / 2.0, HEIGHT - 15, "checkouts per second (completed, zero-error steps solid)",
				"middle", 12));
		svg.append(String.format(Locale.ROOT,
				"<text x=\"18\" y=\"%d\" transform=\"rotate(-90 18 %d)\" text-anchor=\"middle\">latency (ms), "
						+ "POST to final order</text>%n",
				TOP + plotHeight / 2, TOP + plotHeight / 2));
		double boundY = TOP + plotHeight - plotHeight * Math.min(boundMs, maxY) / maxY;
		svg.append(String.format(Locale.ROOT,
				"<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#c62828\" stroke-dasharray=\"6 4\"/>%n",
				LEFT, boundY, LEFT + plotWidth, boundY));
		svg.append(text(LEFT + plotWidth - 4, boundY - 6, "p99 bound " + format(boundMs) + " ms", "end", 11));
		List<Series> series = List.of(new Series("p50", "#1565c0", CheckoutSteps.Step::p50Ms),
				new Series("p95", "#f9a825", CheckoutSteps.Step::p95Ms),
				new Series("p99", "#6a1b9a", CheckoutSteps.Step::p99Ms));
		int legend = 0;
		for (Series one : series) {
			StringBuilder points = new StringBuilder();
			for (CheckoutSteps.Step step : steps) {
				double x = LEFT + plotWidth * step.throughputPerSecond() / maxX;
				double y = TOP + plotHeight
						- plotHeight * Math.min(number(one.latency().applyAsDouble(step)), maxY) / maxY;
				points.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, y));
				svg.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"4\" fill=\"%s\"%s/>%n", x, y,
						one.color(), step.passed() ? "" : " fill-opacity=\"0.3\""));
			}
			svg.append(String.format(Locale.ROOT,
					"<polyline points=\"%s\" fill=\"none\" stroke=\"%s\" stroke-width=\"2\"/>%n",
					points.toString().trim(), one.color()));
			svg.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"12\" height=\"12\" fill=\"%s\"/>%n",
					LEFT + 10, TOP + 8 + legend * 18, one.color()));
			svg.append(text(LEFT + 28, TOP + 18 + legend * 18, one.name(), "start", 12));
			legend++;
		}
		if (!floor.isEmpty()) {
			// The floor: the same work without a framework, its p99 at each rate offered.
			StringBuilder points = new StringBuilder();
			for (Floor.Step step : floor) {
				double x = LEFT + plotWidth * step.rate() / maxX;
				double y = TOP + plotHeight - plotHeight * Math.min(step.p99Ms(), maxY) / maxY;
				points.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, y));
				svg.append(String.format(Locale.ROOT,
						"<rect x=\"%.1f\" y=\"%.1f\" width=\"7\" height=\"7\" fill=\"white\" stroke=\"#616161\"/>%n",
						x - 3.5, y - 3.5));
			}
			svg.append(String.format(Locale.ROOT,
					"<polyline points=\"%s\" fill=\"none\" stroke=\"#616161\" stroke-width=\"1.5\" "
							+ "stroke-dasharray=\"4 3\"/>%n",
					points.toString().trim()));
			svg.append(line(LEFT + 10, TOP + 14 + legend * 18, LEFT + 22, TOP + 14 + legend * 18, "#616161"));
			svg.append(text(LEFT + 28, TOP + 18 + legend * 18, "floor p99 (the same commits and hops, no framework)",
					"start", 12));
			legend++;
		}
		if (overhead != null) {
			svg.append(text(
					LEFT + 10, TOP + 18 + legend * 18 + 6, "gateway adds " + overhead.addedP50Ms()
							+ " ms at p50 (its own CPU " + overhead.gatewayCpuMsPerRequest() + " ms a request)",
					"start", 11));
		}
		if (overload != null) {
			// The overload step: where its confirmed orders per second and
			// its saga p99 land.
			double x = LEFT + plotWidth * number(overload.confirmedPerSecond()) / maxX;
			double y = TOP + plotHeight - plotHeight * Math.min(number(overload.sagaP99Ms()), maxY) / maxY;
			svg.append(String.format(Locale.ROOT, "<path d=\"M %.1f %.1f l 7 7 l -7 7 l -7 -7 z\" fill=\"#2e7d32\"/>%n",
					x, y - 7));
			svg.append(text(x - 10, y - 10, "overload: saga p99", "end", 11));
			String[] lines = {
					"overload, " + overload.offeredPerSecond() + "/s offered (" + Bench.OVERLOAD_FACTOR
							+ "x the sustained " + overload.sustainedRate() + "/s):",
					"accepted " + overload.acceptedPerSecond() + "/s, shed " + overload.shedPerSecond()
							+ "/s, confirmed " + overload.confirmedPerSecond() + "/s, timed out "
							+ overload.timedOutPerSecond() + "/s, saga p99 " + overload.sagaP99Ms() + " ms" };
			for (int i = 0; i < lines.length; i++) {
				svg.append(text(LEFT + plotWidth, TOP + 14 + i * 15, lines[i], "end", 11));
			}
		}
		svg.append("</svg>\n");
		return svg.toString();
	}

	/** A latency or rate as drawn: NaN (nothing measured) at 0. */
	private static double number(double value) {
		return Double.isNaN(value) ? 0 : value;
	}

	/** One latency series of the checkout's steps. */
	private record Series(String name, String color, ToDoubleFunction<CheckoutSteps.Step> latency) {

	}

	/** 1, 2 or 5 times a power of ten, at least {@code value}. */
	static double nice(double value) {
		double power = Math.pow(10, Math.floor(Math.log10(value)));
		for (double factor : new double[] { 1, 2, 5, 10 }) {
			if (factor * power >= value) {
				return factor * power;
			}
		}
		return 10 * power;
	}

	private static String format(double value) {
		return (value == Math.rint(value)) ? Long.toString((long) value) : String.format(Locale.ROOT, "%.1f", value);
	}

	private static String line(double x1, double y1, double x2, double y2, String color) {
		return String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\"/>%n", x1,
				y1, x2, y2, color);
	}

	private static String text(double x, double y, String text, String anchor, int size) {
		return String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\" font-size=\"%d\">%s</text>%n",
				x, y, anchor, size, text.replace("&", "&amp;").replace("<", "&lt;"));
	}

}
