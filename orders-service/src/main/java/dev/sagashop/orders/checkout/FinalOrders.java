package dev.sagashop.orders.checkout;

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
import dev.sagashop.platform.messaging.TransactionWrites;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Tells a request waiting for its order ({@code Prefer: wait}) the moment the saga ends,
 * whichever instance applied the last reply: the transaction that makes an order final
 * sends a PostgreSQL {@code NOTIFY} ({@link FinalNotice}), delivered at commit to every
 * orders-service instance's {@link NotificationListener}. The notice carries the final
 * order as the API shows it (unless it is too long for a notice), so the waiting request
 * answers without reading it again. A waiter still re-reads the order now and then, so a
 * lost connection only makes it slower, never wrong.
 */
@Component
public class FinalOrders implements SmartLifecycle {

	static final String CHANNEL = "sagashop_order_final";

	/** How many notices are kept for a request that starts waiting just after one. */
	static final int RECENT = 2_000;

	private final Map<UUID, CompletableFuture<FinalNotice>> waiting = new ConcurrentHashMap<>();

	/**
	 * Orders announced lately, for a request that starts waiting just after the notice.
	 */
	private final Map<UUID, FinalNotice> recent = Collections.synchronizedMap(new LinkedHashMap<>() {

		@Override
		protected boolean removeEldestEntry(Map.Entry<UUID, FinalNotice> eldest) {
			return size() > RECENT;
		}

	});

	private final TransactionWrites writes;

	private final JsonMapper json;

	private final NotificationListener listener;

	/**
	 * Listens on a connection of its own, made from the same connection details as the
	 * application's data source (properties, or a test's or a platform's service
	 * connection).
	 */
	FinalOrders(TransactionWrites writes, JsonMapper json, JdbcConnectionDetails database) {
		this.writes = writes;
		this.json = json;
		this.listener = new NotificationListener(CHANNEL, database.getJdbcUrl(), database.getUsername(),
				database.getPassword(), (payload) -> received(FinalNotice.parse(payload)));
	}

	/**
	 * In the transaction that makes the order final: the notice is sent with the
	 * transaction's deferred writes (ADR 34) and leaves at commit.
	 * @param order the order, final
	 * @return the order as the API shows it, as a waiting request answers it
	 */
	String announce(Order order) {
		String view = this.json.writeValueAsString(OrderView.of(order));
		FinalNotice notice = FinalNotice.of(order.getId(), view);
		this.writes.deferCall("pg_notify(?, ?)", CHANNEL, notice.payload());
		return view;
	}

	/**
	 * Waits until the order's saga is announced final, or the time is up.
	 * @param orderId the order
	 * @param atMost how long at most
	 * @return the notice, empty if none came in time
	 */
	public Optional<FinalNotice> await(UUID orderId, Duration atMost) {
		CompletableFuture<FinalNotice> done = this.waiting.computeIfAbsent(orderId, (id) -> new CompletableFuture<>());
		FinalNotice seen = this.recent.get(orderId);
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

	private void received(FinalNotice notice) {
		this.recent.put(notice.orderId(), notice);
		CompletableFuture<FinalNotice> done = this.waiting.get(notice.orderId());
		if (done != null) {
			done.complete(notice);
		}
	}

	@Override
	public void start() {
		this.listener.start();
	}

	@Override
	public void stop() {
		this.listener.stop();
	}

	@Override
	public boolean isRunning() {
		return this.listener.isRunning();
	}

}
