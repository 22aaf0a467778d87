package dev.sagashop.orders.checkout;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Admission control for new checkouts (ADR 14): an order is refused at the door while the
 * sagas in flight, across every instance, are both many and old — the checkout is not
 * keeping up, and accepting more would only make every saga slower until deadlines fire.
 * "Old" is the age of the few oldest sagas in flight: in a queue that grows, the oldest
 * show the wait first, and skipping the very oldest keeps a few stuck sagas from closing
 * the door. The figures come from the database (the sagas waiting for a reply), read at
 * most every {@code refresh} by each instance.
 */
@Component
public class Admission {

	private static final Log logger = LogFactory.getLog(Admission.class);

	private final JdbcTemplate jdbc;

	private final Settings settings;

	private final Counter shed;

	private final AtomicBoolean reading = new AtomicBoolean();

	private volatile Load load;

	Admission(JdbcTemplate jdbc, Settings settings, MeterRegistry meters) {
		this.jdbc = jdbc;
		this.settings = settings;
		this.load = new Load(0, 0, System.nanoTime() - settings.refresh().toNanos() - 1);
		this.shed = Counter.builder("sagashop.admission.shed")
			.description("Orders refused with 503 because the checkout could not keep up")
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
	 * Whether a new order may start its saga now.
	 * @return empty to admit it, else how long the client should wait before retrying
	 */
	public Optional<Duration> refusal() {
		if (!this.settings.enabled()) {
			return Optional.empty();
		}
		Load current = current();
		if (!refusing(current)) {
			return Optional.empty();
		}
		long seconds = Math.max(1,
				Math.min(this.settings.maxRetryAfter().toSeconds(), Math.round(current.ageSeconds())));
		return Optional.of(Duration.ofSeconds(seconds));
	}

	/** Counts an order refused because of a {@link #refusal()}. */
	public void shed() {
		this.shed.increment();
	}

	private boolean refusing(Load load) {
		return load.inFlight() >= this.settings.minInFlight()
				&& load.ageSeconds() * 1000 > this.settings.maxAge().toMillis();
	}

	/**
	 * The last reading, refreshed by one request thread when it is older than allowed.
	 */
	private Load current() {
		Load last = this.load;
		if (System.nanoTime() - last.readAt() > this.settings.refresh().toNanos()
				&& this.reading.compareAndSet(false, true)) {
			try {
				Load read = read();
				if (refusing(read) != refusing(last)) {
					logger.warn(("%s new orders: %d sagas in flight, the %d. oldest %.2f s old (refused from %d in "
							+ "flight with that age over %d ms)")
						.formatted(refusing(read) ? "Refusing" : "Admitting again", read.inFlight(),
								this.settings.oldestRank(), read.ageSeconds(), this.settings.minInFlight(),
								this.settings.maxAge().toMillis()));
				}
				this.load = read;
				return read;
			}
			catch (RuntimeException ex) {
				// Without a reading, admit: the database's own errors will tell.
				logger.warn("Could not read the sagas in flight: " + ex.getMessage());
				return last;
			}
			finally {
				this.reading.set(false);
			}
		}
		return last;
	}

	private Load read() {
		return this.jdbc.queryForObject(
				"SELECT (SELECT count(*) FROM checkout_sagas WHERE wake_at IS NOT NULL), "
						+ "coalesce((SELECT extract(epoch FROM now() - started_at) FROM checkout_sagas "
						+ "WHERE wake_at IS NOT NULL ORDER BY started_at OFFSET ? LIMIT 1), 0)",
				(row, n) -> new Load(row.getLong(1), row.getDouble(2), System.nanoTime()),
				this.settings.oldestRank() - 1);
	}

	/**
	 * The sagas in flight.
	 *
	 * @param inFlight how many wait for a reply
	 * @param ageSeconds the age of the {@code oldestRank}-th oldest of them
	 * @param readAt when it was read ({@link System#nanoTime()})
	 */
	record Load(long inFlight, double ageSeconds, long readAt) {
	}

	/**
	 * Settings of admission control ({@code sagashop.checkout.admission.*}).
	 *
	 * @param enabled whether orders may be refused at all
	 * @param minInFlight below this many sagas in flight, every order is admitted
	 * @param oldestRank whose age counts: the oldest but {@code oldestRank - 1}, so that
	 * a few stuck sagas never close the door
	 * @param maxAge above this age of that saga (and {@code minInFlight} in flight), new
	 * orders are refused
	 * @param refresh how often an instance reads the sagas in flight
	 * @param maxRetryAfter the longest {@code Retry-After} sent
	 */
	@ConfigurationProperties("sagashop.checkout.admission")
	public record Settings(@DefaultValue("true") boolean enabled, @DefaultValue("10") int minInFlight,
			@DefaultValue("5") int oldestRank, @DefaultValue("1s") Duration maxAge,
			@DefaultValue("200ms") Duration refresh, @DefaultValue("10s") Duration maxRetryAfter) {
	}

}
