package dev.sagashop.gateway;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RateLimiterTest {

	final AtomicLong now = new AtomicLong();

	final RateLimiter limiter = new RateLimiter(new GatewayProperties.RateLimit(3, 2, Duration.ofMinutes(1)),
			this.now::get);

	@Test
	void allowsTheBurstThenTheRefillRate() {
		for (int i = 0; i < 3; i++) {
			assertThat(this.limiter.acquire("a")).isZero();
		}
		assertThat(this.limiter.acquire("a")).isEqualTo(Duration.ofMillis(500));
		this.now.addAndGet(Duration.ofMillis(500).toNanos());
		assertThat(this.limiter.acquire("a")).isZero();
		assertThat(this.limiter.acquire("a")).isPositive();
	}

	@Test
	void keepsClientsApart() {
		for (int i = 0; i < 3; i++) {
			this.limiter.acquire("noisy");
		}
		assertThat(this.limiter.acquire("noisy")).isPositive();
		assertThat(this.limiter.acquire("quiet")).isZero();
	}

	@Test
	void forgetsIdleClients() {
		this.limiter.acquire("a");
		this.now.addAndGet(Duration.ofMinutes(2).toNanos());
		this.limiter.acquire("b");
		assertThat(this.limiter.size()).isEqualTo(1);
	}

}
