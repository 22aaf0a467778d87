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
 * The figures come from the database (the sagas waiting for a reply), read at most every
 * {@code refresh} by each instance.
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
		Gauge.builder("sagashop.saga.in.flight.median.age", this, (admission) -> admission.load.medianAgeSeconds())
			.description("Median age of the sagas in flight, as admission control last read it")
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
		this.shed.increment();
		long seconds = Math.max(1,
				Math.min(this.settings.maxRetryAfter().toSeconds(), Math.round(current.medianAgeSeconds())));
		return Optional.of(Duration.ofSeconds(seconds));
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
					logger.warn("%s new orders: %d sagas in flight, median age %.2f s (refused from %d with a median "
						.formatted(refusing(read) ? "Refusing" : "Admitting again", read.inFlight(),
								read.medianAgeSeconds(), this.settings.minInFlight())
							+ "age over %d ms)".formatted(this.settings.maxMedianAge().toMillis()));
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
				"SELECT count(*), coalesce(extract(epoch FROM now() - "
						+ "percentile_disc(0.5) WITHIN GROUP (ORDER BY started_at)), 0) "
						+ "FROM checkout_sagas WHERE wake_at IS NOT NULL",
				(row, n) -> new Load(row.getLong(1), row.getDouble(2), System.nanoTime()));
	}

	/**
	 * The sagas in flight.
	 *
	 * @param inFlight how many wait for a reply
	 * @param medianAgeSeconds the median of their ages
	 * @param readAt when it was read ({@link System#nanoTime()})
	 */
	record Load(long inFlight, double medianAgeSeconds, long readAt) {
	}

	/**
	 * Settings of admission control ({@code sagashop.checkout.admission.*}).
	 *
	 * @param enabled whether orders may be refused at all
	 * @param minInFlight below this many sagas in flight, every order is admitted (a few
	 * stuck sagas never close the door)
	 * @param maxMedianAge above this median age of the sagas in flight (and
	 * {@code minInFlight} of them), new orders are refused
	 * @param refresh how often an instance reads the sagas in flight
	 * @param maxRetryAfter the longest {@code Retry-After} sent
	 */
	@ConfigurationProperties("sagashop.checkout.admission")
	public record Settings(@DefaultValue("true") boolean enabled, @DefaultValue("20") int minInFlight,
			@DefaultValue("500ms") Duration maxMedianAge, @DefaultValue("200ms") Duration refresh,
			@DefaultValue("10s") Duration maxRetryAfter) {
	}

}
