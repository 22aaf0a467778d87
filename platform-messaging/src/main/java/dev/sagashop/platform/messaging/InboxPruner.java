package dev.sagashop.platform.messaging;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Forgets inbox entries older than the retention (7 days, Kafka's default retention: a
 * message older than that is not redelivered), every hour and in batches, so that the
 * inbox does not grow with every message ever handled.
 */
public class InboxPruner implements SmartLifecycle {

	private static final Log logger = LogFactory.getLog(InboxPruner.class);

	private static final int BATCH = 10_000;

	private final JdbcTemplate jdbc;

	private final Duration retention;

	private volatile ScheduledExecutorService scheduler;

	public InboxPruner(JdbcTemplate jdbc, Duration retention) {
		this.jdbc = jdbc;
		this.retention = retention;
	}

	/**
	 * Deletes what is past the retention.
	 * @return how many entries it deleted
	 */
	public int prune() {
		Timestamp before = Timestamp.from(Instant.now().minus(this.retention));
		int total = 0;
		int deleted;
		do {
			deleted = this.jdbc.update("DELETE FROM inbox WHERE message_id IN (SELECT message_id FROM inbox "
					+ "WHERE received_at < ? LIMIT " + BATCH + ")", before);
			total += deleted;
		}
		while (deleted == BATCH);
		if (total > 0) {
			logger.info("Forgot %d inbox entries older than %s".formatted(total, this.retention));
		}
		return total;
	}

	@Override
	public void start() {
		this.scheduler = Executors.newSingleThreadScheduledExecutor((runnable) -> {
			Thread thread = new Thread(runnable, "inbox-pruner");
			thread.setDaemon(true);
			return thread;
		});
		this.scheduler.scheduleWithFixedDelay(() -> {
			try {
				prune();
			}
			catch (RuntimeException ex) {
				logger.warn("Pruning the inbox failed, will retry: " + ex.getMessage());
			}
		}, 1, 60, TimeUnit.MINUTES);
	}

	@Override
	public void stop() {
		ScheduledExecutorService running = this.scheduler;
		if (running != null) {
			running.shutdownNow();
			this.scheduler = null;
		}
	}

	@Override
	public boolean isRunning() {
		return this.scheduler != null;
	}

}
