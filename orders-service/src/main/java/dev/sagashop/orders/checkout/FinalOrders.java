package dev.sagashop.orders.checkout;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Tells a request waiting for its order ({@code Prefer: wait}) the moment the saga ends,
 * whichever instance applied the last reply: the transaction that makes an order final
 * sends a PostgreSQL {@code NOTIFY}, delivered at commit to every orders-service
 * instance's listening connection. A waiter still re-reads the order now and then, so a
 * lost connection only makes it slower, never wrong.
 */
@Component
public class FinalOrders implements SmartLifecycle {

	static final String CHANNEL = "sagashop_order_final";

	private static final Log logger = LogFactory.getLog(FinalOrders.class);

	private final Map<UUID, CompletableFuture<Void>> waiting = new ConcurrentHashMap<>();

	/**
	 * Orders announced lately, for a request that starts waiting just after the notice.
	 */
	private final Map<UUID, Boolean> recent = java.util.Collections.synchronizedMap(new java.util.LinkedHashMap<>() {

		@Override
		protected boolean removeEldestEntry(Map.Entry<UUID, Boolean> eldest) {
			return size() > 10_000;
		}

	});

	private final JdbcTemplate jdbc;

	private final String url;

	private final String user;

	private final String password;

	private volatile Thread listener;

	private volatile boolean running;

	FinalOrders(JdbcTemplate jdbc, @Value("${spring.datasource.url}") String url,
			@Value("${spring.datasource.username}") String user,
			@Value("${spring.datasource.password}") String password) {
		this.jdbc = jdbc;
		this.url = url;
		this.user = user;
		this.password = password;
	}

	/** In the transaction that makes the order final: the notice leaves at commit. */
	void announce(UUID orderId) {
		this.jdbc.queryForObject("SELECT pg_notify(?, ?)", Object.class, CHANNEL, orderId.toString());
	}

	/**
	 * Waits until the order's saga is announced final, or the time is up.
	 * @param orderId the order
	 * @param atMost how long at most
	 * @return whether it was announced
	 */
	public boolean await(UUID orderId, Duration atMost) {
		CompletableFuture<Void> done = this.waiting.computeIfAbsent(orderId, (id) -> new CompletableFuture<>());
		if (this.recent.containsKey(orderId)) {
			return true;
		}
		try {
			done.get(atMost.toMillis(), TimeUnit.MILLISECONDS);
			return true;
		}
		catch (TimeoutException ex) {
			return false;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
		catch (ExecutionException ex) {
			return false;
		}
	}

	/** Stops waiting for an order (the request is answered). */
	public void forget(UUID orderId) {
		this.waiting.remove(orderId);
	}

	private void listen() {
		long backoff = 100;
		while (this.running) {
			try (Connection connection = DriverManager.getConnection(this.url, this.user, this.password)) {
				try (Statement statement = connection.createStatement()) {
					statement.execute("LISTEN " + CHANNEL);
				}
				backoff = 100;
				PGConnection notices = connection.unwrap(PGConnection.class);
				while (this.running) {
					PGNotification[] received = notices.getNotifications(500);
					if (received != null) {
						for (PGNotification notice : received) {
							UUID orderId = UUID.fromString(notice.getParameter());
							this.recent.put(orderId, Boolean.TRUE);
							CompletableFuture<Void> done = this.waiting.get(orderId);
							if (done != null) {
								done.complete(null);
							}
						}
					}
				}
			}
			catch (SQLException | RuntimeException ex) {
				if (this.running) {
					logger.warn(
							"Listening for final orders failed (waiting requests poll meanwhile): " + ex.getMessage());
					sleep(backoff);
					backoff = Math.min(5000, backoff * 2);
				}
			}
		}
	}

	private static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	@Override
	public void start() {
		this.running = true;
		Thread thread = new Thread(this::listen, "final-orders-listener");
		thread.setDaemon(true);
		thread.start();
		this.listener = thread;
	}

	@Override
	public void stop() {
		this.running = false;
		Thread thread = this.listener;
		if (thread != null) {
			thread.interrupt();
			this.listener = null;
		}
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

}
