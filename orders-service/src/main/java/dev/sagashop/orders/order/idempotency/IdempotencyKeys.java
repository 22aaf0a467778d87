package dev.sagashop.orders.order.idempotency;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The {@code Idempotency-Key}s of {@code POST /api/orders}, per customer, kept 24 h. A
 * request claims its key in the transaction that places the order, and links the order to
 * it there: a concurrent duplicate in any instance waits on the key's row until that
 * commits, then sees the request in flight; a request that fails before its order exists
 * rolls its claim back, so the client may retry with the key. Then the response is stored
 * for replays. (A claim without an order, left by an earlier version that claimed in a
 * transaction of its own, is taken over after {@link #ABANDONED_AFTER}.)
 */
@Component
public class IdempotencyKeys {

	/** How long a key is remembered. */
	public static final Duration TTL = Duration.ofHours(24);

	static final Duration ABANDONED_AFTER = Duration.ofSeconds(60);

	private final JdbcTemplate jdbc;

	private final Clock clock;

	IdempotencyKeys(JdbcTemplate jdbc, Clock clock) {
		this.jdbc = jdbc;
		this.clock = clock;
	}

	/**
	 * Claims a key for a request, or tells what became of an earlier request with it; in
	 * the transaction that places the order, so the claim commits or rolls back with it.
	 * @param customerId whose key it is
	 * @param key the header's value
	 * @param requestHash a hash of the request's content
	 * @return what to do
	 */
	@Transactional(propagation = Propagation.MANDATORY)
	public Claim claim(String customerId, String key, String requestHash) {
		Instant now = this.clock.instant();
		int inserted = this.jdbc.update(
				"INSERT INTO idempotency_keys (customer_id, idempotency_key, request_hash, created_at) "
						+ "VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING",
				customerId, key, requestHash, Timestamp.from(now));
		if (inserted == 1) {
			return new Claim.Claimed();
		}
		List<Claim> existing = this.jdbc
			.query("SELECT request_hash, order_id, response_status, response_body, created_at FROM idempotency_keys "
					+ "WHERE customer_id = ? AND idempotency_key = ? FOR UPDATE", (row, n) -> {
						Instant created = row.getTimestamp("created_at").toInstant();
						UUID orderId = row.getObject("order_id", UUID.class);
						boolean expired = created.isBefore(now.minus(TTL));
						boolean abandoned = orderId == null && created.isBefore(now.minus(ABANDONED_AFTER));
						if (expired || abandoned) {
							return null;
						}
						if (!row.getString("request_hash").equals(requestHash)) {
							return new Claim.Mismatch();
						}
						int status = row.getInt("response_status");
						return (status == 0) ? new Claim.InFlight()
								: new Claim.Replay(status, row.getString("response_body"));
					}, customerId, key);
		if (existing.isEmpty() || existing.get(0) == null) {
			// Gone meanwhile, expired or abandoned: this request takes the key over.
			this.jdbc.update(
					"INSERT INTO idempotency_keys (customer_id, idempotency_key, request_hash, created_at) "
							+ "VALUES (?, ?, ?, ?) ON CONFLICT (customer_id, idempotency_key) DO UPDATE SET "
							+ "request_hash = EXCLUDED.request_hash, order_id = NULL, response_status = NULL, "
							+ "response_body = NULL, created_at = EXCLUDED.created_at",
					customerId, key, requestHash, Timestamp.from(now));
			return new Claim.Claimed();
		}
		return existing.get(0);
	}

	/**
	 * Links the claimed key to its order, in the transaction that places the order.
	 * @param customerId whose key it is
	 * @param key the key
	 * @param orderId the order placed
	 */
	@Transactional(propagation = Propagation.MANDATORY)
	public void link(String customerId, String key, UUID orderId) {
		this.jdbc.update("UPDATE idempotency_keys SET order_id = ? WHERE customer_id = ? AND idempotency_key = ?",
				orderId, customerId, key);
	}

	/**
	 * Keeps the response a replay returns.
	 * @param customerId whose key it is
	 * @param key the key
	 * @param status the status code sent
	 * @param body the body sent
	 */
	@Transactional
	public void remember(String customerId, String key, int status, String body) {
		this.jdbc.update("UPDATE idempotency_keys SET response_status = ?, response_body = ? "
				+ "WHERE customer_id = ? AND idempotency_key = ?", status, body, customerId, key);
	}

	/** Forgets keys older than {@link #TTL}. */
	@Scheduled(fixedDelay = 600_000, initialDelay = 60_000)
	public void forgetExpired() {
		this.jdbc.update("DELETE FROM idempotency_keys WHERE created_at < ?",
				Timestamp.from(this.clock.instant().minus(TTL)));
	}

	/** What a request with a key does. */
	public sealed interface Claim {

		/** The key is this request's: place the order. */
		record Claimed() implements Claim {
		}

		/** An earlier request with this key was answered: send the same response. */
		record Replay(int status, String body) implements Claim {
		}

		/** An earlier request with this key is still being answered. */
		record InFlight() implements Claim {
		}

		/** The key was used for a different request. */
		record Mismatch() implements Claim {
		}

	}

}
