package dev.sagashop.localstack;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class ManagedProcessTest {

	@TempDir
	Path dir;

	@Test
	void remembersAProcessAcrossLauncherRuns() {
		ManagedProcess self = ManagedProcess.of("self", ProcessHandle.current(), "http://localhost:1",
				Path.of("x.log"));
		self.save(this.dir);
		assertThat(ManagedProcess.load(this.dir, "self")).hasValue(self);
		assertThat(ManagedProcess.load(this.dir, "self").orElseThrow().isRunning()).isTrue();
		ManagedProcess.forget(this.dir, "self");
		assertThat(ManagedProcess.load(this.dir, "self")).isEmpty();
	}

	@Test
	void doesNotMistakeAProcessThatReusedThePidForOurs() {
		ProcessHandle self = ProcessHandle.current();
		ManagedProcess stale = new ManagedProcess("stale", self.pid(), Instant.parse("2001-01-01T00:00:00Z"), -1, "",
				Path.of("x.log"));
		assertThat(stale.isRunning()).isFalse();
		assertThat(stale.stop(Duration.ofSeconds(1))).isTrue();
		assertThat(self.isAlive()).isTrue();
	}

	@Test
	void tellsAReusedPidByTheKernelsStartTimeEvenWhenTheInstantMatches() {
		ManagedProcess self = ManagedProcess.of("self", ProcessHandle.current(), "", Path.of("x.log"));
		assumeTrue(self.startTicks() >= 0, "no /proc here");
		ManagedProcess stale = new ManagedProcess("stale", self.pid(), self.startedAt(), self.startTicks() - 1, "",
				Path.of("x.log"));
		assertThat(stale.isRunning()).isFalse();
	}

	/**
	 * A clock step moves the start instant Java derives for every running process (boot
	 * time read from the wall clock, plus ticks) by the size of the step; what the
	 * launcher started must still be found running, and stopped by {@code down}.
	 */
	@Test
	void stillKnowsItsProcessesAfterTheWallClockWasSet() throws IOException {
		Process sleeper = Launch.detached(List.of("sleep", "60"), Map.of(), this.dir.resolve("sleep.log"));
		ManagedProcess started = ManagedProcess.of("sleeper", sleeper.toHandle(), "", this.dir.resolve("sleep.log"));
		assumeTrue(started.startTicks() >= 0, "no /proc here");
		ManagedProcess afterAStep = new ManagedProcess("sleeper", started.pid(),
				started.startedAt().minus(Duration.ofMinutes(90)), started.startTicks(), "", started.log());
		afterAStep.save(this.dir);
		ManagedProcess loaded = ManagedProcess.load(this.dir, "sleeper").orElseThrow();
		assertThat(loaded.isRunning()).isTrue();
		assertThat(loaded.stop(Duration.ofSeconds(10))).isTrue();
		assertThat(sleeper.isAlive()).isFalse();
	}

	@Test
	void stopsAProcessItStarted() throws IOException {
		Process sleeper = Launch.detached(List.of("sleep", "60"), Map.of(), this.dir.resolve("sleep.log"));
		ManagedProcess process = ManagedProcess.of("sleeper", sleeper.toHandle(), "", this.dir.resolve("sleep.log"));
		assertThat(process.isRunning()).isTrue();
		assertThat(process.stop(Duration.ofSeconds(10))).isTrue();
		assertThat(sleeper.isAlive()).isFalse();
		assertThat(process.isRunning()).isFalse();
	}

}
