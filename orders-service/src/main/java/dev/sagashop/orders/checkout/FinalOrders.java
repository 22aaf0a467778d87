package dev.sagashop.orders.checkout;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import dev.sagashop.orders.order.Order;
import dev.sagashop.orders.order.OrderView;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Tells a request waiting for its order ({@code Prefer: wait}) the moment the saga ends,
 * whichever instance applied the last reply: the transaction that makes an order final
 * sends a PostgreSQL {@code NOTIFY}, delivered at commit to every orders-service
 * instance's listening connection. The notice carries the final order as the API shows it
 * (unless it is too long for a notice), so the waiting request answers without reading it
 * again. A waiter still re-reads the order now and then, so a lost connection only makes
 * it slower, never wrong.
 */
@Component
public class FinalOrders implements SmartLifecycle {

	static final String CHANNEL = "sagashop_order_final";

	private static final Log logger = LogFactory.getLog(FinalOrders.class);

	/**
	 * PostgreSQL refuses a notice of 8 000 bytes or more; a longer order is announced by
	 * its id alone.
	 */
	static final int MAX_NOTICE_BYTES = 7_900;

	/** How many notices are kept for a request that starts waiting just after one. */
	static final int RECENT = 2_000;

	private final Map<UUID, CompletableFuture<Notice>> waiting = new ConcurrentHashMap<>();

	/**
	 * Orders announced lately, for a request that starts waiting just after the notice.
	 */
	private final Map<UUID, Notice> recent = Collections.synchronizedMap(new LinkedHashMap<>() {

		@Override
		protected boolean removeEldestEntry(Map.Entry<UUID, Notice> eldest) {
			return size() > RECENT;
		}

	});

	private final JdbcTemplate jdbc;

	private final JsonMapper json;

	private final String url;

	private final String user;

	private final String password;

	private volatile Thread listener;

	private volatile boolean running;

	/**
	 * Listens on a connection of its own, made from the same connection details as the
	 * application's data source (properties, or a test's or a platform's service
	 * connection).
	 */
	FinalOrders(JdbcTemplate jdbc, JsonMapper json, JdbcConnectionDetails database) {
		this.jdbc = jdbc;
		this.json = json;
		this.url = database.getJdbcUrl();
		this.user = database.getUsername();
		this.password = database.getPassword();
	}

	/**
	 * In the transaction that makes the order final: the notice leaves at commit.
	 * @param order the order, final
	 */
	void announce(Order order) {
		String view = this.json.writeValueAsString(OrderView.of(order));
		this.jdbc.queryForObject("SELECT pg_notify(?, ?)", Object.class, CHANNEL, payload(order.getId(), view));
	}

	/**
	 * A notice's payload: the order's id, then the order as the API shows it when both
	 * fit.
	 * @param orderId the order
	 * @param view the order as the API shows it
	 * @return what to send
	 */
	static String payload(UUID orderId, String view) {
		String payload = orderId + " " + view;
		return (payload.getBytes(StandardCharsets.UTF_8).length > MAX_NOTICE_BYTES) ? orderId.toString() : payload;
	}

	/**
	 * Waits until the order's saga is announced final, or the time is up.
	 * @param orderId the order
	 * @param atMost how long at most
	 * @return the notice, empty if none came in time
	 */
	public Optional<Notice> await(UUID orderId, Duration atMost) {
		CompletableFuture<Notice> done = this.waiting.computeIfAbsent(orderId, (id) -> new CompletableFuture<>());
		Notice seen = this.recent.get(orderId);
		if (seen != null) {
			return Optional.of(seen);
		}
		try {
			return Optional.of(done.get(atMost.toMillis(), TimeUnit.MILLISECONDS));
		}
		catch (TimeoutException | ExecutionException ex) {
			return Optional.empty();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return Optional.empty();
		}
	}

	/**
	 * Reads a notice's payload: the order's id, then the order as the API shows it.
	 * @param payload what {@link #payload} made
	 * @return the notice
	 */
	static Notice parse(String payload) {
		int space = payload.indexOf(' ');
		return (space < 0) ? new Notice(UUID.fromString(payload), null)
				: new Notice(UUID.fromString(payload.substring(0, space)), payload.substring(space + 1));
	}

	/** Stops waiting for an order (the request is answered). */
	public void forget(UUID orderId) {
		this.waiting.remove(orderId);
	}

	/**
	 * Forgets what was announced about an order so far: the next {@link #await} waits for
	 * a new notice (an order announced final can change again when it is cancelled).
	 */
	public void forgetNotices(UUID orderId) {
		this.waiting.remove(orderId);
		this.recent.remove(orderId);
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
							Notice parsed = parse(notice.getParameter());
							this.recent.put(parsed.orderId(), parsed);
							CompletableFuture<Notice> done = this.waiting.get(parsed.orderId());
							if (done != null) {
								done.complete(parsed);
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

	/**
	 * An order's saga is final.
	 *
	 * @param orderId the order
	 * @param view the order as the API shows it (JSON), {@code null} when it did not fit
	 * in the notice
	 */
	public record Notice(UUID orderId, String view) {

	}

}
