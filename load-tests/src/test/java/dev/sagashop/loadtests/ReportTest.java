package dev.sagashop.loadtests;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class ReportTest {

	/** The overload step's CPU per confirmed order. */
	private static final CpuUse CPU = new CpuUse(Map.of("gateway", 4.0, "orders-service", 9.0), 13);

	@TempDir
	Path results;

	@Test
	void theHeadlineComparesEachAtItsHighestPassedStep() {
		CheckoutSteps.Result checkout = new CheckoutSteps.Result(List.of(step(20, 40, true), step(30, 30, false)),
				step(20, 40, true));
		Floor.Result floor = new Floor.Result(
				List.of(floorStep(50, 12, true), floorStep(100, 8, true), floorStep(150, 6, false)),
				floorStep(100, 8, true), null);

		VersusFloor versus = VersusFloor.of(checkout, floor);

		assertThat(versus.sustainedPerSecond()).isEqualTo(20);
		assertThat(versus.floorSustainedPerSecond()).isEqualTo(100);
		assertThat(versus.shareOfFloorRate()).isEqualTo(0.2);
		assertThat(versus.cpuMsPerCheckout()).isEqualTo(40);
		assertThat(versus.floorCpuMsPerCheckout()).isEqualTo(8);
		assertThat(versus.cpuTimesFloor()).isEqualTo(5);
		assertThat(versus.describe()).isEqualTo("20/s of the floor's 100/s (0.2 of it); "
				+ "CPU per checkout 40.0 ms at 20/s against the floor's 8.0 ms at 100/s (5.0 times) "
				+ "and its 12.0 ms at 50/s (3.33 times)");
	}

	@Test
	void theFloorIsAlsoTakenAtTheLowestRateAtOrAboveTheCheckouts() {
		Floor.Result floor = new Floor.Result(
				List.of(floorStep(50, 16, true), floorStep(100, 10, true), floorStep(150, 7, false)),
				floorStep(100, 10, true), null);

		VersusFloor atFifty = VersusFloor
			.of(new CheckoutSteps.Result(List.of(step(50, 24, true), step(60, 29, false)), step(50, 24, true)), floor);
		VersusFloor atSixty = VersusFloor
			.of(new CheckoutSteps.Result(List.of(step(60, 20, true), step(70, 29, false)), step(60, 20, true)), floor);
		VersusFloor aboveEveryStep = VersusFloor.of(
				new CheckoutSteps.Result(List.of(step(160, 12, true), step(170, 14, false)), step(160, 12, true)),
				floor);

		assertThat(atFifty.floorNearRate()).isEqualTo(50);
		assertThat(atFifty.floorCpuMsPerCheckoutNearRate()).isEqualTo(16);
		assertThat(atFifty.cpuTimesFloorNearRate()).isEqualTo(1.5);
		assertThat(atFifty.cpuTimesFloor()).as("against the floor at its sustained 100/s").isEqualTo(2.4);
		assertThat(atSixty.floorNearRate()).as("never a lower rate than the checkout's, where the floor costs more")
			.isEqualTo(100);
		assertThat(atSixty.cpuTimesFloorNearRate()).isEqualTo(2);
		assertThat(atSixty.describe()).as("the same step is not named twice")
			.endsWith("against the floor's 10.0 ms at 100/s (2.0 times)");
		assertThat(aboveEveryStep.cpuTimesFloorNearRate()).isNull();
		assertThat(aboveEveryStep.cpuTimesFloor()).isEqualTo(1.2);
	}

	@Test
	void withoutAPassedStepTheFirstStepsAreCompared() {
		CheckoutSteps.Result checkout = new CheckoutSteps.Result(List.of(step(20, 90, false)), null);
		Floor.Result floor = new Floor.Result(List.of(floorStep(50, 15, false)), null, null);

		VersusFloor versus = VersusFloor.of(checkout, floor);

		assertThat(versus.sustainedPerSecond()).isZero();
		assertThat(versus.shareOfFloorRate()).as("no floor rate to divide by").isNull();
		assertThat(versus.cpuMsPerCheckoutAtRate()).isEqualTo(20);
		assertThat(versus.floorCpuMsPerCheckoutAtRate()).isEqualTo(50);
		assertThat(versus.cpuTimesFloor()).isEqualTo(6);
		assertThat(versus.floorNearRate()).isEqualTo(50);
		assertThat(versus.cpuTimesFloorNearRate()).isEqualTo(6);
		assertThat(versus.describe()).startsWith("0/s; the floor passed no step, so no share of it; "
				+ "CPU per checkout 90.0 ms at 20/s against the floor's 15.0 ms at 50/s");
	}

	@Test
	void theBackgroundIsTheQuieterOfTheTwoIdleWindows() {
		Processes.Background background = Processes.Background.of(
				new Processes.Idle(12, Map.of("postgres", 30.0, "kafka", 20.0)),
				new Processes.Idle(9, Map.of("postgres", 50.0, "kafka", 10.0)));

		assertThat(background.commitsPerSecond()).isEqualTo(9);
		assertThat(background.cpuMillisPerSecond()).containsEntry("postgres", 30.0).containsEntry("kafka", 10.0);
		assertThat(background.coresBusy()).isEqualTo(0.04);
	}

	@Test
	void theOverloadStepPassesOnlyWithinEveryBar() {
		List<Overload.Outcome> confirmed = List.of(new Overload.Outcome("CONFIRMED", "", 800),
				new Overload.Outcome("CONFIRMED", "", 1200));
		Overload.Figures passed = new Overload.Result(60, 0.1, 6, 2, 4, 0, 0, confirmed, CPU, 1.5, 2.0).figures(20);
		assertThat(passed.confirmedPerSecond()).isEqualTo(20);
		assertThat(passed.confirmedShareOfSustained()).isEqualTo(1);
		assertThat(passed.sagaP99Ms()).isEqualTo(1200);
		assertThat(passed.passed()).isTrue();
		assertThat(passed.cpuMsPerConfirmedTotal()).isEqualTo(13);
		assertThat(passed.cpuCoresBusy()).isEqualTo(1.5);

		assertThat(new Overload.Result(60, 0.1, 6, 2, 4, 0, 1, confirmed, CPU, 1.5, 2.0).figures(20).passed())
			.as("a failed request")
			.isFalse();
		assertThat(new Overload.Result(60, 0.1, 6, 2, 4, 0, 0,
				List.of(confirmed.get(0), new Overload.Outcome("CONFIRMED", "", 2500)), CPU, 1.5, 2.0)
			.figures(20)
			.passed()).as("saga p99 above 2 s").isFalse();
		assertThat(new Overload.Result(60, 0.1, 6, 2, 4, 0, 0,
				List.of(confirmed.get(0), new Overload.Outcome("REJECTED", "TIMEOUT", 1000)), CPU, 1.5, 2.0)
			.figures(10)
			.passed()).as("one accepted order of two timed out").isFalse();
		assertThat(new Overload.Result(60, 0.1, 6, 2, 4, 0, 0, confirmed, CPU, 1.5, 2.0).figures(30).passed())
			.as("confirmed under 80 % of the sustained rate")
			.isFalse();
	}

	@Test
	void theReportIsWrittenAsJsonWithItsNamedPartsAndTheChartBesideIt() throws Exception {
		Path run = this.results.resolve("20261202-030000");
		Files.createDirectories(run);
		CheckoutSteps.Step sustained = step(20, 40, true);
		Report report = new Report("2026-12-02T03:00:00Z", Options.parse(List.of("--quick")).asMap(),
				new Report.Machine(2, "17", "Linux"), "BENCH-1",
				new ColdStart.Result("BENCH-1", "-Xmx192m", "-Xmx256m", 30.5, 41.0),
				new Baselines.Result(2400, 6000, 2.5, 30), new Warmup(300, 6000, 6000, 40, 70, 400, 1.5), null,
				Processes.Background.of(new Processes.Idle(10, Map.of()), new Processes.Idle(11, Map.of())),
				Floor.Result.failed("no broker"), List.of(sustained, step(30, 35, false)), sustained, null,
				new Overload.Result(60, 1, 60, 20, 40, 0, 0, List.of(), CPU, 1.5, 2.0).figures(20),
				new Footprint(Map.of("kafka", 300L), 300), new Reconciliation.Result(1000, 0, 0, 0, 0, true, true),
				"2026-12-02T03:20:00Z");

		report.write(run, 250);

		JsonNode json = Stack.JSON.readTree(run.resolveSibling("20261202-030000.json").toFile());
		assertThat(json.path("start").path("coldStartSeconds").asDouble()).isEqualTo(30.5);
		assertThat(json.path("baselines").path("postgresCommitsPerSecond1Connection").asDouble()).isEqualTo(2400);
		assertThat(json.path("warmup").path("lastRoundCompilerPercent").asDouble()).isEqualTo(1.5);
		assertThat(json.path("steps")).hasSize(2);
		assertThat(json.path("sustained").path("cpuMsPerCheckoutTotal").asDouble()).isEqualTo(40);
		assertThat(json.path("floor").path("error").asText()).isEqualTo("no broker");
		assertThat(json.path("overload").path("passed").asBoolean()).isFalse();
		assertThat(json.path("overload").path("cpuMsPerConfirmed").path("gateway").asDouble()).isEqualTo(4);
		assertThat(json.path("overload").path("machineCoresBusy").asDouble()).isEqualTo(2);
		assertThat(json.path("reconciliation").path("ok").asBoolean()).isTrue();
		assertThat(json.has("gatewayOverhead")).as("a part left out is null").isTrue();
		assertThat(Files.readString(run.resolve("latency-vs-throughput.svg"))).contains("</svg>");
	}

	private static CheckoutSteps.Step step(double rate, double cpu, boolean passed) {
		return new CheckoutSteps.Step(rate, (int) rate * 30, 0, rate, 50, 120, passed ? 200 : 400, 500, 6, 0.1, 8,
				Map.of("orders-service", cpu / 3), cpu, Map.of("orders-service", 1.0), 1.1, passed);
	}

	private static Floor.Step floorStep(double rate, double cpu, boolean passed) {
		return new Floor.Step(rate, (int) rate * 10, (int) rate * 10, 20, 60, passed ? 150 : 300, 7.5, Map.of(), cpu,
				passed);
	}

}
