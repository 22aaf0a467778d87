package dev.sagashop.loadtests;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What a run measured: each request's latency (ms) and outcome. Gatling's own report is
 * kept too; these are what the bench decides and reports with, read in-process.
 */
final class Latencies {

	private long[] micros = new long[1 << 14];

	private int count;

	private final AtomicLong errors = new AtomicLong();

	synchronized void record(long elapsedNanos, boolean ok) {
		if (!ok) {
			this.errors.incrementAndGet();
		}
		append(elapsedNanos / 1000);
	}

	private void append(long elapsedMicros) {
		if (this.count == this.micros.length) {
			this.micros = Arrays.copyOf(this.micros, this.count * 2);
		}
		this.micros[this.count++] = elapsedMicros;
	}

	synchronized int count() {
		return this.count;
	}

	long errors() {
		return this.errors.get();
	}

	/**
	 * A percentile by nearest rank.
	 * @param p from 0 to 100
	 * @return milliseconds, NaN when nothing was recorded
	 */
	synchronized double percentile(double p) {
		if (this.count == 0) {
			return Double.NaN;
		}
		long[] sorted = Arrays.copyOf(this.micros, this.count);
		Arrays.sort(sorted);
		int rank = (int) Math.ceil(p / 100.0 * sorted.length);
		return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))] / 1000.0;
	}

	/** Adds what another run recorded, its errors too. */
	void addAll(Latencies other) {
		Latencies recorded = other.copy();
		synchronized (this) {
			for (int i = 0; i < recorded.count; i++) {
				append(recorded.micros[i]);
			}
			this.errors.addAndGet(recorded.errors());
		}
	}

	/** A copy that later runs do not change. */
	synchronized Latencies copy() {
		Latencies copy = new Latencies();
		copy.micros = Arrays.copyOf(this.micros, Math.max(1, this.count));
		copy.count = this.count;
		copy.errors.set(this.errors.get());
		return copy;
	}

	synchronized void clear() {
		this.count = 0;
		this.errors.set(0);
	}

}
