package dev.sagashop.platform.messaging;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Pattern;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.transport.ReceiverContext;
import io.micrometer.tracing.CurrentTraceContext;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.TraceContext;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;

/**
 * Keeps a trace going across a hop that is not a call: a message that waits in the
 * outbox, a saga that waits for its deadline. {@link #capture()} writes the current trace
 * context as text (the W3C {@code traceparent} and friends, one {@code name=value} per
 * line), to be stored with the row; {@link #resume} later runs work as a child span of
 * it, and {@link #within} runs work in it with no span of its own, so that what the work
 * sends (a Kafka record carries the context in its headers) stays in the same trace. See
 * docs/adr/0009-one-trace-per-checkout.md.
 */
public class TraceContexts {

	// A traceparent's parts (version-traceid-spanid-flags), read for every message the
	// relay sends.
	private static final Pattern TRACE_ID = Pattern.compile("[0-9a-f]{32}");

	private static final Pattern SPAN_ID = Pattern.compile("[0-9a-f]{16}");

	private static final Pattern FLAGS = Pattern.compile("[0-9a-f]{2}");

	private final ObservationRegistry observations;

	private final Tracer tracer;

	private final Propagator propagator;

	/**
	 * @param observations where spans come from
	 * @param tracer the tracer, {@code null} where nothing is traced
	 * @param propagator how contexts are written, {@code null} where nothing is traced
	 */
	public TraceContexts(ObservationRegistry observations, Tracer tracer, Propagator propagator) {
		this.observations = observations;
		this.tracer = tracer;
		this.propagator = propagator;
	}

	/**
	 * The current trace context, to store.
	 * @return the context as text, or {@code null} outside a trace
	 */
	public String capture() {
		if (this.tracer == null || this.propagator == null) {
			return null;
		}
		Span span = this.tracer.currentSpan();
		if (span == null) {
			return null;
		}
		Map<String, String> carrier = new LinkedHashMap<>();
		this.propagator.inject(span.context(), carrier, Map::put);
		StringBuilder text = new StringBuilder();
		carrier.forEach((name, value) -> text.append(name).append('=').append(value).append('\n'));
		return text.isEmpty() ? null : text.toString();
	}

	/**
	 * Runs work in a span that continues a stored context (a new trace when there is
	 * none).
	 * @param <T> what the work returns
	 * @param stored a context from {@link #capture()}, or {@code null}
	 * @param name the span's name, low-cardinality (it names a timer too)
	 * @param work what to do
	 * @return what the work returned
	 */
	public <T> T resume(String stored, String name, Supplier<T> work) {
		ReceiverContext<Map<String, String>> context = new ReceiverContext<>((carrier, key) -> carrier.get(key));
		context.setCarrier(parse(stored));
		context.setRemoteServiceName("stored-context");
		return Observation.createNotStarted(name, () -> context, this.observations).observe(work);
	}

	/**
	 * Runs work with a stored context as the current one, making no span: what the work
	 * observes (Kafka's producer span) is a child of the span that stored it. Where the
	 * context is missing or unreadable, the work starts a new trace.
	 * @param <T> what the work returns
	 * @param stored a context from {@link #capture()}, or {@code null}
	 * @param work what to do
	 * @return what the work returned
	 */
	public <T> T within(String stored, Supplier<T> work) {
		TraceContext context = storedContext(stored);
		if (context == null) {
			return work.get();
		}
		try (CurrentTraceContext.Scope scope = this.tracer.currentTraceContext().newScope(context)) {
			return work.get();
		}
	}

	private TraceContext storedContext(String stored) {
		if (this.tracer == null || stored == null) {
			return null;
		}
		String[] parent = traceParent(stored);
		if (parent == null || !SPAN_ID.matcher(parent[2]).matches() || !FLAGS.matcher(parent[3]).matches()) {
			return null;
		}
		boolean sampled = (Integer.parseInt(parent[3], 16) & 1) == 1;
		return this.tracer.traceContextBuilder().traceId(parent[1]).spanId(parent[2]).sampled(sampled).build();
	}

	/**
	 * The trace id of a stored context (what Zipkin finds the trace by).
	 * @param stored a context from {@link #capture()}, or {@code null}
	 * @return the W3C trace id (32 hex digits), or {@code null} when there is none
	 */
	public static String traceId(String stored) {
		String[] parent = traceParent(stored);
		return (parent != null) ? parent[1] : null;
	}

	/** A stored W3C {@code traceparent}'s four parts, when its trace id is readable. */
	private static String[] traceParent(String stored) {
		String parent = parse(stored).get("traceparent");
		if (parent == null) {
			return null;
		}
		String[] parts = parent.split("-");
		return (parts.length == 4 && TRACE_ID.matcher(parts[1]).matches()) ? parts : null;
	}

	static Map<String, String> parse(String stored) {
		Map<String, String> carrier = new LinkedHashMap<>();
		if (stored != null) {
			for (String line : stored.split("\n")) {
				int equals = line.indexOf('=');
				if (equals > 0) {
					carrier.put(line.substring(0, equals), line.substring(equals + 1));
				}
			}
		}
		return carrier;
	}

}
