package dev.sagashop.orders.checkout;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Admission control for new checkouts (ADR 14): at most a limit of sagas may be in flight
 * across every instance; past it, new orders are refused at the door, since accepting
 * more would only make every saga slower until deadlines fire. The limit adapts to what
 * the checkout manages today: it shrinks while the oldest sagas in flight wait longer
 * than {@code maxAge}, grows by one while they do not and the limit is in use, and sinks
 * by one while less than a quarter of it is. The oldest sagas (skipping the very oldest,
 * so that a few stuck ones never close the door) show the wait first in a queue that
 * grows. The figures come from the database (the sagas waiting for a reply), read every
 * {@code refresh} by each instance; between two readings an instance counts the sagas it
 * admitted and the sagas that ended in it.
 */
@Component
public class Admission {

	private static final Log logger = LogFactory.getLog(Admission.class);

	/** The highest the limit goes. */
	static final int MAX_LIMIT = 1000;

	/** The least time a refusal says every new order will be refused. */
	static final Duration LEAST_CLOSED = Duration.ofMillis(10);

	private final JdbcTemplate jdbc;

	private final Settings settings;

	private final Counter shed;

	/** The sagas this instance admitted since the last reading, less those that ended. */
	private final AtomicInteger addedSinceReading = new AtomicInteger();

	/**
	 * The most sagas in flight this instance counted since the last reading, or the limit
	 * if it refused an order: how much of the limit was used.
	 */
	private final AtomicInteger mostSinceReading = new AtomicInteger();

	private volatile Load load = new Load(0, 0);

	private volatile double limit;

	/**
	 * When the last reading ended, and how long it took: the figures hold until the next.
	 */
	private volatile Reading lastReading = new Reading(System.nanoTime(), 0);

	private boolean full;

	Admission(JdbcTemplate jdbc, Settings settings, MeterRegistry meters) {
		this.jdbc = jdbc;
		this.settings = settings;
		this.limit = 2.0 * settings.minInFlight();
		this.shed = Counter.builder("sagashop.admission.shed")
			.description("Orders refused with 503 because the checkout could not keep up")
			.register(meters);
		Gauge.builder("sagashop.admission.limit", this, (admission) -> Math.floor(admission.limit))
			.description("How many sagas may be in flight before new orders are refused (adapts)")
			.register(meters);
		Gauge.builder("sagashop.saga.in.flight", this, (admission) -> admission.load.inFlight())
			.description("Checkout sagas waiting for a reply, across instances, as admission control last read them")
			.register(meters);
		Gauge.builder("sagashop.saga.in.flight.age", this, (admission) -> admission.load.ageSeconds())
			.description("Age of the oldest sagas in flight (the oldest-rank-th), as admission control last read it")
			.baseUnit("seconds")
			.register(meters);
	}

	/**
	 * Whether a new order may start its saga now; an admitted one counts as in flight.
	 * @return empty to admit it, else the refusal
	 */
	public Optional<Refusal> refusal() {
		if (!this.settings.enabled()) {
			return Optional.empty();
		}
		Load current = this.load;
		int limit = (int) this.limit;
		long inFlight = current.inFlight() + this.addedSinceReading.get();
		if (inFlight < limit) {
			this.addedSinceReading.incrementAndGet();
			this.mostSinceReading.accumulateAndGet((int) inFlight + 1, Math::max);
			return Optional.empty();
		}
		this.mostSinceReading.accumulateAndGet(limit, Math::max);
		long seconds = Math.max(1,
				Math.min(this.settings.maxRetryAfter().toSeconds(), Math.round(current.ageSeconds())));
		return Optional.of(new Refusal(Duration.ofSeconds(seconds),
				closedFor(this.lastReading, System.nanoTime(), this.settings.refresh())));
	}

	/**
	 * How long every new order will still be refused: until the next reading has ended,
	 * since between two readings the limit and the sagas read stay as they are and the
	 * orders admitted only add up. The next reading starts {@code refresh} after the last
	 * ended and is taken to last as long; one that is due or running already is given
	 * that long again (at least {@link #LEAST_CLOSED}), so that the requests that arrive
	 * while it runs are not let through to be refused one by one.
	 * @param last the last reading
	 * @param now the time now ({@link System#nanoTime()})
	 * @param refresh the time between two readings
	 */
	static Duration closedFor(Reading last, long now, Duration refresh) {
		long took = Math.max(last.took(), LEAST_CLOSED.toNanos());
		long nextEnds = last.endedAt() + refresh.toNanos() + took;
		return Duration.ofNanos(Math.max(took, Math.min(refresh.toNanos() + took, nextEnds - now)));
	}

	/**
	 * Counts a checkout saga that ended (its end committed): one less in flight until the
	 * next reading.
	 */
	void ended() {
		this.addedSinceReading.decrementAndGet();
	}

	/** Counts an order refused because of a {@link #refusal()}. */
	public void shed() {
		this.shed.increment();
	}

	/** Reads the sagas in flight and adapts the limit to them. */
	@Scheduled(fixedDelayString = "${sagashop.checkout.admission.refresh:200ms}")
	void readSagasInFlight() {
		if (!this.settings.enabled()) {
			return;
		}
		long began = System.nanoTime();
		Load read;
		try {
			read = this.jdbc.queryForObject(
					"SELECT (SELECT count(*) FROM checkout_sagas WHERE wake_at IS NOT NULL), "
							+ "coalesce((SELECT extract(epoch FROM now() - started_at) FROM checkout_sagas "
							+ "WHERE wake_at IS NOT NULL ORDER BY started_at OFFSET ? LIMIT 1), 0)",
					(row, n) -> new Load(row.getLong(1), row.getDouble(2)), this.settings.oldestRank() - 1);
		}
		catch (RuntimeException ex) {
			// Without a reading, keep the last: the database's own errors will tell.
			logger.warn("Could not read the sagas in flight: " + ex.getMessage());
			this.lastReading = Reading.since(began);
			return;
		}
		this.addedSinceReading.set(0);
		int most = this.mostSinceReading.getAndSet(0);
		this.limit = adapt(this.limit, read, most, this.settings);
		this.load = read;
		this.lastReading = Reading.since(began);
		boolean nowFull = read.inFlight() >= (int) this.limit;
		if (nowFull != this.full) {
			this.full = nowFull;
			logger.warn("%s new orders: %d sagas in flight, limit %d, the %d. oldest %.2f s old".formatted(
					nowFull ? "Refusing" : "Admitting again", read.inFlight(), (int) this.limit,
					this.settings.oldestRank(), read.ageSeconds()));
		}
	}

	/**
	 * The next limit: a fifth less while the oldest sagas in flight wait too long, one
	 * more while they do not and the limit is nearly used, one less while not even a
	 * quarter of it is (so that it settles near four times what is), never below
	 * {@code minInFlight}.
	 * <p>
	 * The last rule is for a surge: a limit that nothing tested since it was set (the
	 * starting one, or what an earlier surge left) would let a burst of that many sagas
	 * in at once, before their age could show that they wait; in the bench those took up
	 * to 2.7 s, the slowest of the whole overload step (ADR 14). Four times, not twice:
	 * with twice, the bench's steps near the checkout's capacity had orders refused.
	 * @param limit the limit now
	 * @param read the sagas in flight, read now
	 * @param most the most in flight counted since the last reading (the limit if an
	 * order was refused)
	 * @param settings the settings
	 */
	static double adapt(double limit, Load read, int most, Settings settings) {
		boolean slow = read.inFlight() >= settings.oldestRank()
				&& read.ageSeconds() * 1000 > settings.maxAge().toMillis();
		if (slow) {
			return Math.max(settings.minInFlight(), limit * 0.8);
		}
		long used = Math.max(read.inFlight(), most);
		if (used >= limit * 0.8) {
			return Math.min(MAX_LIMIT, limit + 1);
		}
		if (used < limit * 0.25) {
			return Math.max(settings.minInFlight(), limit - 1);
		}
		return limit;
	}

	/**
	 * When a reading of the sagas in flight ended, and how long it took.
	 *
	 * @param endedAt its end ({@link System#nanoTime()})
	 * @param took nanoseconds
	 */
	record Reading(long endedAt, long took) {

		static Reading since(long began) {
			long now = System.nanoTime();
			return new Reading(now, now - began);
		}

	}

	/**
	 * A new order refused.
	 *
	 * @param retryAfter when the client should send it again
	 * @param closedFor how long this instance refuses every new order from now on (until
	 * its next reading has ended)
	 */
	public record Refusal(Duration retryAfter, Duration closedFor) {
	}

	/**
	 * The sagas in flight.
	 *
	 * @param inFlight how many wait for a reply
	 * @param ageSeconds the age of the {@code oldestRank}-th oldest of them
	 */
	record Load(long inFlight, double ageSeconds) {
	}

	/**
	 * Settings of admission control ({@code sagashop.checkout.admission.*}).
	 *
	 * @param enabled whether orders may be refused at all
	 * @param minInFlight the lowest the limit goes: below this many sagas in flight,
	 * every order is admitted (it starts at twice this)
	 * @param oldestRank whose age counts: the oldest but {@code oldestRank - 1}, so that
	 * a few stuck sagas never close the door
	 * @param maxAge while that saga is older, the limit shrinks
	 * @param refresh how often an instance reads the sagas in flight
	 * @param maxRetryAfter the longest {@code Retry-After} sent
	 */
	@ConfigurationProperties("sagashop.checkout.admission")
	public record Settings(@DefaultValue("true") boolean enabled, @DefaultValue("20") int minInFlight,
			@DefaultValue("5") int oldestRank, @DefaultValue("1s") Duration maxAge,
			@DefaultValue("200ms") Duration refresh, @DefaultValue("10s") Duration maxRetryAfter) {
	}

}
