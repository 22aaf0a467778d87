package dev.sagashop.gateway;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Token buckets in this gateway's memory, one per client key. A client may spend
 * {@code capacity} requests at once and then {@code refillPerSecond}; an unused bucket is
 * dropped after {@code idleAfter}. See docs/adr/0006-rate-limits-in-gateway-memory.md.
 */
final class RateLimiter {

	private static final long NANOS_PER_SECOND = 1_000_000_000L;

	private final long capacity;

	private final long refillPerSecond;

	private final long idleAfterNanos;

	private final LongSupplier nanoTime;

	private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

	private volatile long lastEviction;

	RateLimiter(GatewayProperties.RateLimit limits, LongSupplier nanoTime) {
		this.capacity = limits.capacity();
		this.refillPerSecond = limits.refillPerSecond();
		this.idleAfterNanos = limits.idleAfter().toNanos();
		this.nanoTime = nanoTime;
		this.lastEviction = nanoTime.getAsLong();
	}

	/**
	 * Takes one request from the client's bucket.
	 * @param key the client
	 * @return zero when allowed, else how long until the next request would be
	 */
	Duration acquire(String key) {
		long now = this.nanoTime.getAsLong();
		evictIdle(now);
		Bucket bucket = this.buckets.computeIfAbsent(key, (k) -> new Bucket(this.capacity, now));
		synchronized (bucket) {
			long elapsed = now - bucket.updatedAt;
			// Tokens are counted in nanotokens so that slow refill rates lose nothing.
			bucket.nanoTokens = Math.min(this.capacity * NANOS_PER_SECOND,
					bucket.nanoTokens + elapsed * this.refillPerSecond);
			bucket.updatedAt = now;
			if (bucket.nanoTokens >= NANOS_PER_SECOND) {
				bucket.nanoTokens -= NANOS_PER_SECOND;
				return Duration.ZERO;
			}
			long missing = NANOS_PER_SECOND - bucket.nanoTokens;
			return Duration.ofNanos((missing + this.refillPerSecond - 1) / Math.max(1, this.refillPerSecond));
		}
	}

	int size() {
		return this.buckets.size();
	}

	private void evictIdle(long now) {
		if (now - this.lastEviction < this.idleAfterNanos) {
			return;
		}
		this.lastEviction = now;
		this.buckets.values().removeIf((bucket) -> now - bucket.updatedAt > this.idleAfterNanos);
	}

	private static final class Bucket {

		long nanoTokens;

		long updatedAt;

		Bucket(long capacity, long now) {
			this.nanoTokens = capacity * NANOS_PER_SECOND;
			this.updatedAt = now;
		}

	}

}
