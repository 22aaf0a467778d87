package dev.sagashop.localstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Reads the apps' JSON log lines (Elastic Common Schema) for people: one line each, with
 * time, level, logger, message, and the trace and order they concern; and finds every
 * line of one order or one trace across all the stack's logs.
 */
final class LogView {

	private static final ObjectMapper JSON = new ObjectMapper();

	private LogView() {
	}

	/**
	 * A log line as a person reads it; a line that is no JSON object comes back as it is.
	 * @param line a line of a log file
	 * @return the readable line, with the stack trace on the lines after it
	 */
	static String render(String line) {
		JsonNode event = parse(line);
		if (event == null) {
			return line;
		}
		StringBuilder text = new StringBuilder();
		String timestamp = field(event, "@timestamp");
		text.append(timestamp.length() >= 23 ? timestamp.substring(11, 23) : timestamp)
			.append(' ')
			.append(String.format("%-5s", field(event, "log.level")))
			.append(' ')
			.append(shortLogger(field(event, "log.logger")))
			.append(": ")
			.append(field(event, "message"));
		String trace = field(event, "traceId");
		String order = field(event, "orderId");
		if (!trace.isEmpty() || !order.isEmpty()) {
			text.append("  [");
			text.append(trace.isEmpty() ? "" : "trace " + trace);
			text.append(!trace.isEmpty() && !order.isEmpty() ? ", " : "");
			text.append(order.isEmpty() ? "" : "order " + order);
			text.append(']');
		}
		String stackTrace = field(event, "error.stack_trace");
		if (!stackTrace.isEmpty()) {
			text.append(System.lineSeparator()).append(stackTrace.stripTrailing());
		}
		return text.toString();
	}

	/**
	 * Every JSON line of the given logs whose field has the value, oldest first, each
	 * prefixed with its process's name.
	 * @param logs log files by process name
	 * @param key {@code orderId} or {@code traceId}
	 * @param value what it must be
	 * @return the readable lines
	 */
	static List<String> find(Map<String, Path> logs, String key, String value) {
		record Found(String timestamp, String text) {
		}
		List<Found> found = new ArrayList<>();
		logs.forEach((name, log) -> {
			if (!Files.exists(log)) {
				return;
			}
			try (Stream<String> lines = Files.lines(log, StandardCharsets.UTF_8)) {
				lines.filter((line) -> line.contains(value)).forEach((line) -> {
					JsonNode event = parse(line);
					if (event != null && value.equals(field(event, key))) {
						found.add(new Found(field(event, "@timestamp"), String.format("%-18s %s", name, render(line))));
					}
				});
			}
			catch (IOException | UncheckedIOException ex) {
				found.add(new Found("", name + ": cannot read " + log + ": " + ex.getMessage()));
			}
		});
		return found.stream().sorted(Comparator.comparing(Found::timestamp)).map(Found::text).toList();
	}

	private static JsonNode parse(String line) {
		if (!line.startsWith("{")) {
			return null;
		}
		try {
			JsonNode node = JSON.readTree(line);
			return (node != null && node.isObject()) ? node : null;
		}
		catch (JsonProcessingException ex) {
			return null;
		}
	}

	/** A field by its ECS name, written nested ({@code log: {level}}) or flat. */
	static String field(JsonNode event, String name) {
		JsonNode flat = event.get(name);
		if (flat != null) {
			return flat.asText();
		}
		JsonNode node = event;
		for (String part : name.split("\\.")) {
			node = (node != null) ? node.get(part) : null;
		}
		return (node != null && !node.isNull()) ? node.asText() : "";
	}

	private static String shortLogger(String logger) {
		int dot = logger.lastIndexOf('.');
		return (dot < 0) ? logger : logger.substring(dot + 1);
	}

}
