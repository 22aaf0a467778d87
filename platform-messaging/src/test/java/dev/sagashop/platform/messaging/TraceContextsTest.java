package dev.sagashop.platform.messaging;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.micrometer.observation.ObservationRegistry;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.otel.bridge.OtelCurrentTraceContext;
import io.micrometer.tracing.otel.bridge.OtelPropagator;
import io.micrometer.tracing.otel.bridge.OtelTracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A stored context carried to where the message is sent, on the tracer the apps run
 * (Micrometer's OpenTelemetry bridge): what is sent there joins the trace that stored it.
 */
class TraceContextsTest {

	private final List<SpanData> ended = new CopyOnWriteArrayList<>();

	private final SdkTracerProvider provider = SdkTracerProvider.builder()
		.addSpanProcessor(SimpleSpanProcessor.create(new SpanExporter() {

			@Override
			public CompletableResultCode export(java.util.Collection<SpanData> spans) {
				TraceContextsTest.this.ended.addAll(spans);
				return CompletableResultCode.ofSuccess();
			}

			@Override
			public CompletableResultCode flush() {
				return CompletableResultCode.ofSuccess();
			}

			@Override
			public CompletableResultCode shutdown() {
				return CompletableResultCode.ofSuccess();
			}

		}))
		.build();

	private final io.opentelemetry.api.trace.Tracer otel = this.provider.get("test");

	private final Tracer tracer = new OtelTracer(this.otel, new OtelCurrentTraceContext(), (event) -> {
	});

	private final TraceContexts traces = new TraceContexts(ObservationRegistry.NOOP, this.tracer,
			new OtelPropagator(ContextPropagators.create(W3CTraceContextPropagator.getInstance()), this.otel));

	@AfterEach
	void close() {
		this.provider.close();
	}

	@Test
	void whatIsSentWithinAStoredContextIsAChildOfTheSpanThatStoredIt() {
		Span writer = this.tracer.nextSpan().name("writes the row").start();
		String stored;
		try (Tracer.SpanInScope scope = this.tracer.withSpan(writer)) {
			stored = this.traces.capture();
		}
		writer.end();
		assertThat(this.tracer.currentSpan()).isNull();

		String sent = this.traces.within(stored, this::send);

		assertThat(this.tracer.currentSpan()).as("the stored context is left at the end").isNull();
		assertThat(this.ended).extracting(SpanData::getName).containsExactly("writes the row", "send");
		SpanData send = this.ended.get(1);
		assertThat(send.getTraceId()).isEqualTo(writer.context().traceId()).isEqualTo(TraceContexts.traceId(stored));
		assertThat(send.getParentSpanId()).isEqualTo(writer.context().spanId());
		assertThat(sent).isEqualTo(send.getSpanId());
	}

	@Test
	void withoutAReadableContextTheWorkStartsATraceOfItsOwn() {
		for (String stored : new String[] { null, "", "traceparent=00-nothex-00f067aa0ba902b7-01\n",
				"traceparent=00-4bf92f3577b34da6a3ce929d0e0e4736-short-01\n" }) {
			this.ended.clear();
			this.traces.within(stored, this::send);
			assertThat(this.ended).singleElement()
				.satisfies((span) -> assertThat(span.getParentSpanContext().isValid()).as(stored).isFalse());
		}
	}

	@Test
	void anUnsampledContextStaysUnsampled() {
		String stored = "traceparent=00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00\n";
		this.traces.within(stored, this::send);
		assertThat(this.ended).isEmpty();
	}

	@Test
	void withoutATracerTheWorkJustRuns() {
		TraceContexts untraced = new TraceContexts(ObservationRegistry.NOOP, null, null);
		assertThat(
				untraced.within("traceparent=00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01\n", () -> "sent"))
			.isEqualTo("sent");
	}

	/** What a producer's observation does: a span under the current context. */
	private String send() {
		Span span = this.tracer.nextSpan().name("send").start();
		span.end();
		return span.context().spanId();
	}

}
