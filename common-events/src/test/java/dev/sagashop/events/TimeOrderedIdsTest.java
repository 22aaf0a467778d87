package dev.sagashop.events;

import java.time.Instant;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class TimeOrderedIdsTest {

	@Test
	void isAVersionSevenUuidCarryingItsMillisecond() {
		long millis = Instant.parse("2026-12-06T16:30:00.123Z").toEpochMilli();
		UUID id = TimeOrderedIds.at(millis, new Random(1));
		assertThat(id.version()).isEqualTo(7);
		assertThat(id.variant()).isEqualTo(2);
		assertThat(id.getMostSignificantBits() >>> 16).isEqualTo(millis);
		assertThat(id.toString()).startsWith("01a24c30-dbbb-7");
	}

	@Test
	void sortsByTimeAsPostgresqlComparesThem() {
		Random random = new Random(2);
		UUID earlier = TimeOrderedIds.at(1_000_000L, random);
		UUID later = TimeOrderedIds.at(1_000_001L, random);
		// PostgreSQL compares uuid values byte by byte, unsigned: the string order.
		assertThat(earlier.toString()).isLessThan(later.toString());
		assertThat(Long.compareUnsigned(earlier.getMostSignificantBits(), later.getMostSignificantBits())).isNegative();
	}

	@Test
	void idsOfOneMillisecondDiffer() {
		Random random = new Random(3);
		Set<UUID> ids = new HashSet<>();
		for (int i = 0; i < 10_000; i++) {
			ids.add(TimeOrderedIds.at(1_796_574_600_123L, random));
		}
		assertThat(ids).hasSize(10_000);
	}

	@Test
	void nextIsOfNow() {
		long before = System.currentTimeMillis();
		UUID id = TimeOrderedIds.next();
		assertThat(id.version()).isEqualTo(7);
		assertThat(id.getMostSignificantBits() >>> 16).isBetween(before, System.currentTimeMillis());
	}

	@Test
	void refusesATimeOutsideFortyEightBits() {
		assertThatIllegalArgumentException().isThrownBy(() -> TimeOrderedIds.at(-1, new Random()));
		assertThatIllegalArgumentException().isThrownBy(() -> TimeOrderedIds.at(1L << 48, new Random()));
	}

}
