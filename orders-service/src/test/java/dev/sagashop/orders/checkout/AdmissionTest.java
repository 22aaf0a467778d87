package dev.sagashop.orders.checkout;

import java.time.Duration;

import dev.sagashop.orders.checkout.Admission.Load;
import dev.sagashop.orders.checkout.Admission.Reading;
import dev.sagashop.orders.checkout.Admission.Settings;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** How the limit of sagas in flight adapts to how long the oldest of them wait. */
class AdmissionTest {

	static final Settings SETTINGS = new Settings(true, 10, 5, Duration.ofSeconds(1), Duration.ofMillis(200),
			Duration.ofSeconds(10));

	@Test
	void shrinksByAFifthWhileTheOldestSagasWaitTooLong() {
		assertThat(Admission.adapt(40, new Load(40, 1.5), 0, SETTINGS)).isEqualTo(32);
	}

	@Test
	void neverShrinksBelowTheLeast() {
		assertThat(Admission.adapt(11, new Load(30, 30), 0, SETTINGS)).isEqualTo(10);
	}

	@Test
	void growsByOneWhileTheOldestAreOnTimeAndTheLimitIsUsed() {
		assertThat(Admission.adapt(40, new Load(33, 0.4), 0, SETTINGS)).as("read").isEqualTo(41);
		assertThat(Admission.adapt(40, new Load(20, 0.4), 32, SETTINGS)).as("counted between readings").isEqualTo(41);
	}

	@Test
	void staysWhileTheLimitIsPartlyUsed() {
		assertThat(Admission.adapt(40, new Load(15, 0.1), 10, SETTINGS)).isEqualTo(40);
		assertThat(Admission.adapt(40, new Load(5, 0.1), 10, SETTINGS)).isEqualTo(40);
	}

	@Test
	void sinksByOneWhileLessThanAQuarterOfItIsUsed() {
		assertThat(Admission.adapt(40, new Load(3, 0.1), 9, SETTINGS)).isEqualTo(39);
		assertThat(Admission.adapt(10.5, new Load(0, 0), 0, SETTINGS)).as("never below the least").isEqualTo(10);
	}

	@Test
	void aSurgeAfterAQuietSpellMeetsALimitNearWhatWasUsed() {
		double limit = 40;
		for (int reading = 0; reading < 50; reading++) {
			limit = Admission.adapt(limit, new Load(2, 0.05), 6, SETTINGS);
		}
		assertThat(limit).isEqualTo(24);
	}

	@Test
	void countsTheSagasThatEndedBetweenTwoReadings() {
		Admission admission = new Admission(null, SETTINGS, new SimpleMeterRegistry());
		for (int customer = 0; customer < 200; customer++) {
			assertThat(admission.refusal()).as("one customer after another, each order ended before the next")
				.isEmpty();
			admission.ended();
		}
		int startingLimit = 2 * SETTINGS.minInFlight();
		for (int order = 0; order < startingLimit; order++) {
			assertThat(admission.refusal()).isEmpty();
		}
		assertThat(admission.refusal()).as("as many in flight as the starting limit").isPresent();
	}

	@Test
	void aFewStuckSagasDoNotShrinkIt() {
		assertThat(Admission.adapt(40, new Load(4, 3600), 20, SETTINGS)).isEqualTo(40);
	}

	@Test
	void neverGrowsPastItsMost() {
		assertThat(Admission.adapt(Admission.MAX_LIMIT, new Load(1000, 0.1), 0, SETTINGS))
			.isEqualTo(Admission.MAX_LIMIT);
	}

	@Test
	void refusesEveryNewOrderUntilItsNextReadingHasEnded() {
		long endedAt = 5_000_000_000L;
		Reading last = new Reading(endedAt, 20_000_000);
		assertThat(Admission.closedFor(last, endedAt + 50_000_000, SETTINGS.refresh()))
			.isEqualTo(Duration.ofMillis(170));
		assertThat(Admission.closedFor(last, endedAt + 210_000_000, SETTINGS.refresh())).as("the next reading running")
			.isEqualTo(Duration.ofMillis(20));
		assertThat(Admission.closedFor(last, endedAt + 900_000_000, SETTINGS.refresh()))
			.as("a reading late: as long as one takes")
			.isEqualTo(Duration.ofMillis(20));
		assertThat(Admission.closedFor(new Reading(endedAt, 1_000), endedAt + 900_000_000, SETTINGS.refresh()))
			.as("at least")
			.isEqualTo(Admission.LEAST_CLOSED);
		assertThat(Admission.closedFor(last, endedAt - 1, SETTINGS.refresh())).as("never beyond the next reading")
			.isEqualTo(Duration.ofMillis(220));
	}

}
