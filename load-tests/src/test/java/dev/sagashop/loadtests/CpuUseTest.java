package dev.sagashop.loadtests;

import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CpuUseTest {

	@Test
	void countsWhatEachProcessUsedBeyondIdlePerCheckout() {
		CpuUse use = CpuUse.between(Map.of("kafka", 1_000L, "postgres", 5_000L, "gone", 100L),
				Map.of("kafka", 4_000L, "postgres", 5_100L, "gone", 100L),
				Map.of("kafka", 100.0, "postgres", 50.0, "gone", 10.0), 10, 100);

		// kafka: 3 000 ms used, 1 000 of them idle; postgres: 100 used,
		// less than its idle
		assertThat(use.perCheckout()).containsEntry("kafka", 20.0).containsEntry("postgres", 0.0);
		assertThat(use.perCheckout()).containsEntry("gone", 0.0);
		assertThat(use.total()).isEqualTo(20.0);
	}

}
