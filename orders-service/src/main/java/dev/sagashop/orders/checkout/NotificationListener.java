package dev.sagashop.orders.checkout;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.function.Consumer;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/**
 * Listens to one PostgreSQL notification channel on a connection of its own, on a thread
 * of its own, and hands each payload on. A lost connection is made again, after 0.1 s,
 * then up to 5 s between tries; what was sent meanwhile is missed.
 */
final class NotificationListener {

	private static final Log logger = LogFactory.getLog(NotificationListener.class);

	private final String channel;

	private final String url;

	private final String user;

	private final String password;

	private final Consumer<String> payloads;

	private volatile Thread thread;

	private volatile boolean running;

	/**
	 * A listener, not started.
	 * @param channel the channel, a plain identifier
	 * @param url the database's JDBC URL
	 * @param user whom to connect as
	 * @param password the user's password
	 * @param payloads what to do with each payload, on the listening thread
	 */
	NotificationListener(String channel, String url, String user, String password, Consumer<String> payloads) {
		if (!channel.matches("[a-z_][a-z0-9_]*")) {
			throw new IllegalArgumentException("Not a plain channel name: " + channel);
		}
		this.channel = channel;
		this.url = url;
		this.user = user;
		this.password = password;
		this.payloads = payloads;
	}

	void start() {
		this.running = true;
		Thread listening = new Thread(this::listen, this.channel + "-listener");
		listening.setDaemon(true);
		listening.start();
		this.thread = listening;
	}

	void stop() {
		this.running = false;
		Thread listening = this.thread;
		if (listening != null) {
			listening.interrupt();
			this.thread = null;
		}
	}

	boolean isRunning() {
		return this.running;
	}

	private void listen() {
		long backoff = 100;
		while (this.running) {
			try (Connection connection = DriverManager.getConnection(this.url, this.user, this.password)) {
				try (Statement statement = connection.createStatement()) {
					statement.execute("LISTEN " + this.channel);
				}
				backoff = 100;
				PGConnection notices = connection.unwrap(PGConnection.class);
				while (this.running) {
					PGNotification[] received = notices.getNotifications(500);
					if (received != null) {
						for (PGNotification notice : received) {
							this.payloads.accept(notice.getParameter());
						}
					}
				}
			}
			catch (SQLException | RuntimeException ex) {
				if (this.running) {
					logger.warn("Listening on %s failed (trying again in %d ms): %s".formatted(this.channel, backoff,
							ex.getMessage()));
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

}
