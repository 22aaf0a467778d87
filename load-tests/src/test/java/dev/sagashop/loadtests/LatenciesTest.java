package dev.sagashop.loadtests;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LatenciesTest {

	@Test
	void percentilesByNearestRankInMilliseconds() {
		Latencies latencies = new Latencies();
		for (int ms = 100; ms >= 1; ms--) {
			latencies.record(ms * 1_000_000L, ms != 7);
		}
		assertThat(latencies.count()).isEqualTo(100);
		assertThat(latencies.errors()).isEqualTo(1);
		assertThat(latencies.percentile(50)).isEqualTo(50.0);
		assertThat(latencies.percentile(99)).isEqualTo(99.0);
		assertThat(latencies.percentile(100)).isEqualTo(100.0);
		assertThat(latencies.percentile(0)).isEqualTo(1.0);
	}

	@Test
	void growsPastItsFirstArrayAndCopiesStayPut() {
		Latencies latencies = new Latencies();
		for (int i = 0; i < 40_000; i++) {
			latencies.record(2_500_000L, true);
		}
		Latencies copy = latencies.copy();
		latencies.clear();
		latencies.record(9_000_000L, false);
		assertThat(copy.count()).isEqualTo(40_000);
		assertThat(copy.errors()).isZero();
		assertThat(copy.percentile(99)).isEqualTo(2.5);
		assertThat(latencies.count()).isEqualTo(1);
		assertThat(latencies.percentile(50)).isEqualTo(9.0);
	}

	@Test
	void roundsAddUpWithTheirErrors() {
		Latencies all = new Latencies();
		Latencies round = new Latencies();
		for (int i = 0; i < 20_000; i++) {
			round.record(1_000_000L, true);
		}
		round.record(9_000_000L, false);
		all.addAll(round);
		round.clear();
		round.record(3_000_000L, true);
		all.addAll(round);
		assertThat(all.count()).isEqualTo(20_002);
		assertThat(all.errors()).isEqualTo(1);
		assertThat(all.percentile(50)).isEqualTo(1.0);
		assertThat(all.percentile(100)).isEqualTo(9.0);
	}

	@Test
	void nothingRecordedIsNotANumber() {
		assertThat(new Latencies().percentile(50)).isNaN();
	}

}
