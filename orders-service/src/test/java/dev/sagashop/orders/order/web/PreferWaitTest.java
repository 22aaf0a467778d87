package dev.sagashop.orders.order.web;

import java.time.Duration;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code Prefer: wait=N} as RFC 7240 writes it, capped at 30 s. */
class PreferWaitTest {

	@ParameterizedTest(name = "[{0}] waits {1} s")
	@CsvSource(delimiter = '|', nullValues = "NONE",
			value = { "NONE | 0", "'' | 0", "wait=5 | 5", "wait=0 | 0", "respond-async, wait=10 | 10",
					"wait=7; handling=lenient | 7", "handling=strict;wait=3 | 3", "wait = 4 | 4", "wait=30 | 30",
					"wait=31 | 30", "wait=999999 | 30", "wait=1000000 | 0", "wait=abc | 0", "wait=-5 | 0",
					"nowait=5 | 0", "wait=5x | 0", "return=minimal | 0" })
	void readsTheWaitAskedFor(String prefer, long seconds) {
		assertThat(PreferWait.requested(prefer)).isEqualTo(Duration.ofSeconds(seconds));
	}

	@ParameterizedTest(name = "{0} s applied as [{1}]")
	@CsvSource(nullValues = "NONE", value = { "0, NONE", "5, wait=5", "30, wait=30" })
	void saysWhichWaitWasApplied(long seconds, String applied) {
		assertThat(PreferWait.applied(Duration.ofSeconds(seconds))).isEqualTo(applied);
	}

}
