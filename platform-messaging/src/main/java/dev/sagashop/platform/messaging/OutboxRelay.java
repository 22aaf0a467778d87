package dev.sagashop.platform.messaging;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.context.SmartLifecycle;
import org.springframework.core.log.LogMessage;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.SendResult;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Moves outbox rows to Kafka. Right after a commit it sends the new messages (no polling
 * delay on the happy path) and deletes the sent rows in batches (every 500 ms at most). A
 * sweeper re-sends rows older than {@code sweepAfter}: those a crash or a failed send
 * left behind. Rows are locked with {@code SKIP LOCKED}, so several instances sweep side
 * by side; a message may leave twice, which the consumers' inbox absorbs.
 */
public class OutboxRelay implements SmartLifecycle {

	private static final Log logger = LogFactory.getLog(OutboxRelay.class);

	/** How long the sweeper waits for Kafka to take one message. */
	private static final Duration SWEEP_SEND_TIMEOUT = Duration.ofSeconds(10);

	private static final int SWEEP_BATCH = 200;

	/** Rows deleted by one statement. */
	static final int DELETE_BATCH = 1000;

	/**
	 * Messages waiting for the sender thread at most; past that (a broker away for a
	 * while, sends blocking), a message is left to the sweeper instead of queueing
	 * memory.
	 */
	static final int SEND_QUEUE = 10_000;

	private final KafkaTemplate<String, String> kafka;

	private final JdbcTemplate jdbc;

	private final TransactionTemplate transactions;

	private final Duration sweepAfter;

	private final Queue<UUID> sent = new ConcurrentLinkedQueue<>();

	private final Counter swept;

	private final Counter sendFailures;

	private final TraceContexts traces;

	private volatile ScheduledExecutorService scheduler;

	private volatile ExecutorService sender;

	public OutboxRelay(KafkaTemplate<String, String> kafka, JdbcTemplate jdbc, TransactionTemplate transactions,
			Duration sweepAfter, MeterRegistry meters, TraceContexts traces) {
		this.kafka = kafka;
		this.traces = traces;
		this.jdbc = jdbc;
		this.transactions = transactions;
		this.sweepAfter = sweepAfter;
		this.swept = Counter.builder("sagashop.outbox.swept")
			.description("Outbox messages sent by the sweeper rather than right after commit")
			.register(meters);
		this.sendFailures = Counter.builder("sagashop.outbox.send.failures")
			.description("Sends right after commit that failed (the sweeper retries them)")
			.register(meters);
		Gauge
			.builder("sagashop.outbox.backlog", this,
					(relay) -> Math.max(0, relay.query("SELECT count(*) FROM outbox") - relay.sent.size()))
			.description("Messages committed but not yet sent")
			.register(meters);
		Gauge
			.builder("sagashop.outbox.oldest.age", this,
					(relay) -> relay
						.query("SELECT coalesce(extract(epoch FROM now() - min(created_at)), 0) FROM outbox"))
			.description("Age of the oldest outbox row: unsent, or sent and awaiting its batched delete (< 0.5 s)")
			.baseUnit("seconds")
			.register(meters);
	}

	/**
	 * Sends a committed message from the relay's own thread: a send may block while the
	 * broker is unreachable, and that must never hold up the transaction's thread (an
	 * HTTP request, a consumer).
	 * @param message the committed message
	 */
	void publish(OutboxMessage message) {
		ExecutorService sender = this.sender;
		if (sender == null) {
			return; // stopped: the sweeper of the next start sends it
		}
		try {
			sender.execute(() -> send(message));
		}
		catch (RejectedExecutionException ex) {
			// Stopping, or SEND_QUEUE messages already wait: the row
			// stays for the sweeper.
			logger.debug(LogMessage.format("Message %s left for the sweeper: %s", message.id(), ex.getMessage()));
		}
	}

	/** How many messages wait for the sender thread. */
	int queuedSends() {
		return (this.sender instanceof ThreadPoolExecutor pool) ? pool.getQueue().size() : 0;
	}

	private void send(OutboxMessage message) {
		send(message, "right after commit").whenComplete((result, failure) -> {
			if (failure == null) {
				sent(message.id());
			}
			else {
				this.sendFailures.increment();
				logger.warn("Sending message %s to %s failed; the sweeper will retry: %s".formatted(message.id(),
						message.topic(), failure.getMessage()));
			}
		});
	}

	/**
	 * Hands a message to Kafka in the trace context the message was written in: the
	 * producer's span is a child of the span that wrote the row, and the record's headers
	 * carry the trace on. The relay makes no span of its own (six per checkout, for a
	 * hand-over that takes microseconds).
	 */
	private CompletableFuture<SendResult<String, String>> send(OutboxMessage message, String how) {
		return this.traces.within(message.traceContext(), () -> {
			logger.debug(LogMessage.format("Sending %s to %s %s", message.id(), message.topic(), how));
			return this.kafka.send(message.topic(), message.key(), message.payload());
		});
	}

	/** A figure of the outbox for a gauge, read when metrics are scraped. */
	private double query(String sql) {
		try {
			Number value = this.jdbc.queryForObject(sql, Number.class);
			return (value != null) ? value.doubleValue() : Double.NaN;
		}
		catch (RuntimeException ex) {
			return Double.NaN;
		}
	}

	/**
	 * Deletes the rows of the messages sent since the last call, {@link #DELETE_BATCH}
	 * per statement.
	 * @return how many rows it deleted
	 */
	int deleteSent() {
		int deleted = 0;
		List<UUID> ids = new ArrayList<>(DELETE_BATCH);
		while (true) {
			UUID id = (ids.size() < DELETE_BATCH) ? this.sent.poll() : null;
			if (id != null) {
				ids.add(id);
				continue;
			}
			if (ids.isEmpty()) {
				return deleted;
			}
			deleted += delete(ids);
			ids.clear();
		}
	}

	private int delete(List<UUID> ids) {
		return this.jdbc.update("DELETE FROM outbox WHERE id = ANY (?)",
				(statement) -> statement.setArray(1, statement.getConnection().createArrayOf("uuid", ids.toArray())));
	}

	/** Marks a message as sent, for the next {@link #deleteSent()}. */
	void sent(UUID id) {
		this.sent.add(id);
	}

	/**
	 * Sends what is older than {@code sweepAfter}, by the database's clock, and deletes
	 * what Kafka took, in one transaction. A message Kafka refuses stays for the next
	 * sweep without holding back the others; once the broker is found unreachable, the
	 * rest of the batch waits for the next sweep too.
	 * @return how many messages it sent
	 */
	int sweep() {
		Integer count = this.transactions.execute((status) -> {
			List<OutboxMessage> stale = this.jdbc.query(
					"SELECT id, topic, record_key, payload, trace_context FROM outbox "
							+ "WHERE created_at < clock_timestamp() - make_interval(secs => ?) "
							+ "ORDER BY created_at LIMIT ? FOR UPDATE SKIP LOCKED",
					(row, n) -> new OutboxMessage(row.getObject("id", UUID.class), row.getString("topic"),
							row.getString("record_key"), row.getString("payload"), row.getString("trace_context")),
					this.sweepAfter.toMillis() / 1000.0, SWEEP_BATCH);
			Map<UUID, CompletableFuture<?>> sends = new LinkedHashMap<>();
			for (OutboxMessage message : stale) {
				Throwable refused;
				try {
					CompletableFuture<?> send = send(message, "by the sweeper");
					refused = send.isCompletedExceptionally() ? send.handle((result, ex) -> ex).join() : null;
					if (refused == null) {
						sends.put(message.id(), send);
						continue;
					}
				}
				catch (RuntimeException ex) {
					refused = ex;
				}
				if (!failed(message.id(), refused)) {
					break;
				}
			}
			List<UUID> taken = new ArrayList<>();
			for (Map.Entry<UUID, CompletableFuture<?>> send : sends.entrySet()) {
				try {
					send.getValue().get(SWEEP_SEND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
					taken.add(send.getKey());
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					break;
				}
				catch (ExecutionException | TimeoutException ex) {
					failed(send.getKey(), (ex.getCause() != null) ? ex.getCause() : ex);
				}
			}
			if (!taken.isEmpty()) {
				delete(taken);
			}
			return taken.size();
		});
		if (count != null && count > 0) {
			this.swept.increment(count);
			logger.info("Swept %d outbox messages left behind".formatted(count));
		}
		return count == null ? 0 : count;
	}

	/**
	 * Notes a message the sweeper could not send.
	 * @return {@code false} when the broker itself is unreachable, so that sending the
	 * rest of the batch would only wait for the same time-out again
	 */
	private boolean failed(UUID id, Throwable failure) {
		this.sendFailures.increment();
		logger.warn(
				"The sweeper could not send message %s; it stays in the outbox: %s".formatted(id, rootCause(failure)));
		for (Throwable cause = failure; cause != null; cause = (cause.getCause() == cause) ? null : cause.getCause()) {
			if (cause instanceof org.apache.kafka.common.errors.TimeoutException || cause instanceof TimeoutException) {
				return false;
			}
		}
		return true;
	}

	static Throwable rootCause(Throwable failure) {
		Throwable cause = failure;
		while (cause.getCause() != null && cause.getCause() != cause) {
			cause = cause.getCause();
		}
		return cause;
	}

	private void safely(Runnable task, String what) {
		try {
			task.run();
		}
		catch (RuntimeException ex) {
			logger.warn(what + " failed, will retry: " + ex.getMessage());
		}
	}

	@Override
	public void start() {
		this.sender = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(SEND_QUEUE),
				(runnable) -> {
					Thread thread = new Thread(runnable, "outbox-sender");
					thread.setDaemon(true);
					return thread;
				});
		this.scheduler = Executors.newSingleThreadScheduledExecutor((runnable) -> {
			Thread thread = new Thread(runnable, "outbox-relay");
			thread.setDaemon(true);
			return thread;
		});
		// Sent rows are deleted in batches, a few times a second: one commit for many
		// messages, and well before the sweeper would take them for unsent.
		long deleteMillis = Math.max(50, Math.min(500, this.sweepAfter.toMillis() / 4));
		this.scheduler.scheduleWithFixedDelay(() -> safely(this::deleteSent, "Deleting sent outbox rows"), deleteMillis,
				deleteMillis, TimeUnit.MILLISECONDS);
		long sweepMillis = Math.max(200, this.sweepAfter.toMillis() / 2);
		this.scheduler.scheduleWithFixedDelay(() -> safely(this::sweep, "Sweeping the outbox"), sweepMillis,
				sweepMillis, TimeUnit.MILLISECONDS);
	}

	@Override
	public void stop() {
		ExecutorService sending = this.sender;
		if (sending != null) {
			this.sender = null;
			sending.shutdown();
			try {
				sending.awaitTermination(5, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			// What is still queued (a broker away) stays in the table for the sweeper.
			sending.shutdownNow();
		}
		ScheduledExecutorService running = this.scheduler;
		if (running != null) {
			running.shutdown();
			try {
				running.awaitTermination(5, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			safely(this::deleteSent, "Deleting sent outbox rows");
			this.scheduler = null;
		}
	}

	@Override
	public boolean isRunning() {
		return this.scheduler != null;
	}

}
