package dev.sagashop.loadtests;

import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class ProcessesTest {

	@Test
	void theCompilersShareIsOfTheStacksCpuWithoutTheBenchsOwnJvm() {
		Map<String, Long> cpuBefore = Map.of("orders-service", 1_000L, "kafka", 500L, Processes.LOAD_GENERATOR, 0L);
		Map<String, Long> jitBefore = Map.of("orders-service", 100L, "kafka", 50L, Processes.LOAD_GENERATOR, 0L);
		// The stack used 1 000 ms, 100 of them compiling; the bench's JVM 1 000 ms, all
		// compiling.
		Map<String, Long> cpuAfter = Map.of("orders-service", 1_800L, "kafka", 700L, Processes.LOAD_GENERATOR, 1_000L);
		Map<String, Long> jitAfter = Map.of("orders-service", 190L, "kafka", 60L, Processes.LOAD_GENERATOR, 1_000L);

		assertThat(new Processes.Reading(cpuAfter, jitAfter)
			.compilerShareSince(new Processes.Reading(cpuBefore, jitBefore))).isCloseTo(0.1, within(1e-9));
	}

	@Test
	void aStackThatUsedNoCpuCompiledNothing() {
		Map<String, Long> same = Map.of("orders-service", 1_000L);
		Processes.Reading reading = new Processes.Reading(same, same);

		assertThat(reading.compilerShareSince(reading)).isZero();
	}

}
