package dev.sagashop.orders.order.idempotency;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import dev.sagashop.platform.messaging.TransactionWrites;

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
 * for replays. A key whose order exists but whose response was never stored (the instance
 * died while it waited) answers from the order once the request cannot be waiting any
 * more ({@link #ANSWERED_WITHIN}). (A claim without an order, left by an earlier version
 * that claimed in a transaction of its own, is taken over after
 * {@link #ABANDONED_AFTER}.) Ages are by the database's clock.
 */
@Component
public class IdempotencyKeys {

	/** How long a key is remembered. */
	public static final Duration TTL = Duration.ofHours(24);

	static final Duration ABANDONED_AFTER = Duration.ofSeconds(60);

	/** What {@code POST /api/orders} answers with an order that is final (API.md). */
	static final int FINAL_STATUS = 201;

	/**
	 * How long the request that placed an order may still be answering: the longest
	 * {@code Prefer: wait} and a margin.
	 */
	public static final Duration ANSWERED_WITHIN = Duration.ofSeconds(40);

	private final JdbcTemplate jdbc;

	private final TransactionWrites writes;

	IdempotencyKeys(JdbcTemplate jdbc, TransactionWrites writes) {
		this.jdbc = jdbc;
		this.writes = writes;
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
		int inserted = this.jdbc
			.update("INSERT INTO idempotency_keys (customer_id, idempotency_key, request_hash, created_at) "
					+ "VALUES (?, ?, ?, now()) ON CONFLICT DO NOTHING", customerId, key, requestHash);
		if (inserted == 1) {
			return new Claim.Claimed();
		}
		List<Earlier> earlier = this.jdbc.query(
				"SELECT request_hash, order_id, response_status, response_body, "
						+ "created_at < now() - make_interval(secs => ?) AS expired, "
						+ "created_at < now() - make_interval(secs => ?) AS abandoned, "
						+ "created_at < now() - make_interval(secs => ?) AS unanswered "
						+ "FROM idempotency_keys WHERE customer_id = ? AND idempotency_key = ? FOR UPDATE",
				(row, n) -> new Earlier(row.getString("request_hash"), row.getObject("order_id", UUID.class),
						row.getInt("response_status"), row.getString("response_body"), row.getBoolean("expired"),
						row.getBoolean("abandoned"), row.getBoolean("unanswered")),
				TTL.toSeconds(), ABANDONED_AFTER.toSeconds(), ANSWERED_WITHIN.toSeconds(), customerId, key);
		Optional<Claim> decided = earlier.stream().findFirst().flatMap((row) -> row.decide(requestHash));
		if (decided.isPresent()) {
			return decided.get();
		}
		// Gone meanwhile, expired or abandoned: this request takes the key over.
		this.jdbc.update("INSERT INTO idempotency_keys (customer_id, idempotency_key, request_hash, created_at) "
				+ "VALUES (?, ?, ?, now()) ON CONFLICT (customer_id, idempotency_key) DO UPDATE SET "
				+ "request_hash = EXCLUDED.request_hash, order_id = NULL, response_status = NULL, "
				+ "response_body = NULL, created_at = EXCLUDED.created_at", customerId, key, requestHash);
		return new Claim.Claimed();
	}

	/**
	 * Whether a request with the key was seen (committed, of any age): one read, no
	 * transaction, for a request refused before it could claim the key.
	 * @param customerId whose key it is
	 * @param key the header's value
	 * @return whether the key has a row
	 */
	public boolean known(String customerId, String key) {
		return Boolean.TRUE.equals(this.jdbc.queryForObject(
				"SELECT EXISTS (SELECT 1 FROM idempotency_keys WHERE customer_id = ? AND idempotency_key = ?)",
				Boolean.class, customerId, key));
	}

	/**
	 * Links the claimed key to its order, in the transaction that places the order (with
	 * its other deferred writes, at its commit).
	 * @param customerId whose key it is
	 * @param key the key
	 * @param orderId the order placed
	 */
	@Transactional(propagation = Propagation.MANDATORY)
	public void link(String customerId, String key, UUID orderId) {
		this.writes.defer("UPDATE idempotency_keys SET order_id = ? WHERE customer_id = ? AND idempotency_key = ?",
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

	/**
	 * Keeps the answer of a request that waited for its order to be final, in the
	 * transaction that makes it final: {@code 201} with the order as announced, which is
	 * what that request answers when the announcement reaches it. An answer the request
	 * stored itself ({@code 202}: it stopped waiting first) stays; one it stores later
	 * replaces this one ({@link #remember}). Written with the transaction's other
	 * deferred writes, at its commit.
	 * @param customerId whose key it is
	 * @param key the placing request's key
	 * @param finalOrder the order as the API shows it
	 */
	@Transactional(propagation = Propagation.MANDATORY)
	public void answered(String customerId, String key, String finalOrder) {
		this.writes.defer(
				"UPDATE idempotency_keys SET response_status = ?, response_body = ? "
						+ "WHERE customer_id = ? AND idempotency_key = ? AND response_status IS NULL",
				FINAL_STATUS, finalOrder, customerId, key);
	}

	/** Forgets keys older than {@link #TTL}. */
	@Scheduled(fixedDelay = 600_000, initialDelay = 60_000)
	public void forgetExpired() {
		this.jdbc.update("DELETE FROM idempotency_keys WHERE created_at < now() - make_interval(secs => ?)",
				TTL.toSeconds());
	}

	/**
	 * A key's row as an earlier request left it.
	 *
	 * @param requestHash the hash of that request
	 * @param orderId the order it placed, {@code null} if none
	 * @param status the status of its stored response, 0 if none
	 * @param body its stored response
	 * @param expired older than {@link #TTL}
	 * @param abandoned older than {@link #ABANDONED_AFTER}
	 * @param unanswered older than {@link #ANSWERED_WITHIN}
	 */
	record Earlier(String requestHash, UUID orderId, int status, String body, boolean expired, boolean abandoned,
			boolean unanswered) {

		/** What the new request does; empty when it may take the key over. */
		Optional<Claim> decide(String newRequestHash) {
			if (this.expired || (this.orderId == null && this.abandoned)) {
				return Optional.empty();
			}
			if (!this.requestHash.equals(newRequestHash)) {
				return Optional.of(new Claim.Mismatch());
			}
			if (this.status != 0) {
				return Optional.of(new Claim.Replay(this.status, this.orderId, this.body));
			}
			if (this.orderId != null && this.unanswered) {
				return Optional.of(new Claim.Placed(this.orderId));
			}
			return Optional.of(new Claim.InFlight());
		}

	}

	/** What a request with a key does. */
	public sealed interface Claim {

		/** The key is this request's: place the order. */
		record Claimed() implements Claim {
		}

		/**
		 * An earlier request with this key was answered: send the same response.
		 *
		 * @param status its status code
		 * @param orderId the order it answered about
		 * @param body its body
		 */
		record Replay(int status, UUID orderId, String body) implements Claim {
		}

		/** An earlier request with this key is still being answered. */
		record InFlight() implements Claim {
		}

		/**
		 * An earlier request with this key placed the order and was never answered (its
		 * instance died): answer from the order as it is now.
		 */
		record Placed(UUID orderId) implements Claim {
		}

		/** The key was used for a different request. */
		record Mismatch() implements Claim {
		}

	}

}
