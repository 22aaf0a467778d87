package dev.sagashop.events;

import java.security.SecureRandom;
import java.util.Random;
import java.util.UUID;

/**
 * The ids sagashop makes for what it stores and sends: UUIDs of version 7 (RFC 9562), 48
 * bits of Unix milliseconds followed by 74 random bits. Ids made close together in time
 * sort close together, so a B-tree index on them takes each insert near its right edge:
 * the same few pages stay in PostgreSQL's buffers and are written to its WAL whole once a
 * checkpoint, where a random (version 4) id dirties another page of a large index at each
 * insert (docs/performance.md, ADR 41). The random bits come from a {@link SecureRandom},
 * as {@link UUID#randomUUID()}'s do: an id names an order in a URL and must not be
 * guessed. A clock set wrong makes ids that sort wrong, never equal ones; nothing reads
 * time or order out of an id.
 */
public final class TimeOrderedIds {

	private static final SecureRandom RANDOM = new SecureRandom();

	private TimeOrderedIds() {
	}

	/**
	 * A new id, ordered by the current time.
	 * @return a version 7 UUID
	 */
	public static UUID next() {
		return at(System.currentTimeMillis(), RANDOM);
	}

	/**
	 * An id of the given time.
	 * @param epochMillis milliseconds since the Unix epoch, from 0 to 2^48 - 1
	 * @param random where its 74 random bits come from
	 * @return a version 7 UUID
	 */
	static UUID at(long epochMillis, Random random) {
		if (epochMillis < 0 || epochMillis >= 1L << 48) {
			throw new IllegalArgumentException("epochMillis must fit 48 bits, was " + epochMillis);
		}
		long mostSignificant = (epochMillis << 16) | 0x7000L | (random.nextInt() & 0x0FFFL);
		long leastSignificant = (random.nextLong() & 0x3FFF_FFFF_FFFF_FFFFL) | 0x8000_0000_0000_0000L;
		return new UUID(mostSignificant, leastSignificant);
	}

}
