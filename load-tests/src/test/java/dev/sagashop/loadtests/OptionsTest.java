package dev.sagashop.loadtests;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class OptionsTest {

	@Test
	void defaultsStepFromTwentyUpToFourHundredAfterTwoMinutesOfWarmUp() {
		Options options = Options.parse(List.of());
		assertThat(options.start).isEqualTo(20);
		assertThat(options.warmup).isEqualTo(120);
		assertThat(options.warmupCheckouts).isEqualTo(6000);
		assertThat(options.step).isEqualTo(10);
		assertThat(options.max).isEqualTo(400);
		assertThat(options.p99BoundMs).isEqualTo(250);
		assertThat(options.tracing).isTrue();
		assertThat(options.baselines).isTrue();
	}

	@Test
	void readsEveryOption() {
		Options options = Options
			.parse(List.of("--start", "30", "--step", "15", "--max", "90", "--duration", "20", "--warmup", "5",
					"--warmup-checkouts", "0", "--p99-bound", "100", "--no-tracing", "--checkouts-only", "--reuse"));
		assertThat(options.asMap()).containsEntry("start", 30.0)
			.containsEntry("step", 15.0)
			.containsEntry("max", 90.0)
			.containsEntry("durationSeconds", 20)
			.containsEntry("warmupSeconds", 5)
			.containsEntry("warmupCheckouts", 0)
			.containsEntry("p99BoundMs", 100.0)
			.containsEntry("tracing", false)
			.containsEntry("reuse", true);
		assertThat(options.baselines).isFalse();
	}

	@Test
	void refusesWhatItCannotUse() {
		assertThatIllegalArgumentException().isThrownBy(() -> Options.parse(List.of("--rate", "5")))
			.withMessageContaining("Unknown option: --rate");
		assertThatIllegalArgumentException().isThrownBy(() -> Options.parse(List.of("--start")))
			.withMessageContaining("needs a value");
		assertThatIllegalArgumentException().isThrownBy(() -> Options.parse(List.of("--step", "fast")))
			.withMessageContaining("not a number");
		assertThatIllegalArgumentException().isThrownBy(() -> Options.parse(List.of("--duration", "0")))
			.withMessageContaining("positive");
		assertThatIllegalArgumentException().isThrownBy(() -> Options.parse(List.of("--start", "50", "--max", "20")))
			.withMessageContaining("--max");
	}

}
