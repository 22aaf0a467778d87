package dev.sagashop.orders.order.web;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import dev.sagashop.orders.order.idempotency.IdempotencyKeys.Claim;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/**
 * What placing and cancelling an order share about {@code Idempotency-Key}: the key's
 * form, the hash a key is kept with, and the answer to a request whose key an earlier
 * request claimed.
 */
final class KeyedRequests {

	private KeyedRequests() {
	}

	/**
	 * An {@code Idempotency-Key} has 1 to 255 characters.
	 * @param key the header's value, {@code null} without one
	 */
	static void checkKey(String key) {
		if (key != null && (key.isEmpty() || key.length() > 255)) {
			throw Problems.of(HttpStatus.BAD_REQUEST, "Invalid Idempotency-Key",
					"An Idempotency-Key has 1 to 255 characters.");
		}
	}

	/** The hash of a request's content that its {@code Idempotency-Key} is kept with. */
	static String sha256(String canonical) {
		try {
			return HexFormat.of()
				.formatHex(MessageDigest.getInstance("SHA-256").digest(canonical.getBytes(StandardCharsets.UTF_8)));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * The answer to a request whose key an earlier request claimed, unless that one's
	 * answer was lost ({@link Claim.Placed}): its answer again, or why there is none.
	 */
	static ResponseEntity<String> replayOrRefuse(Claim claim) {
		if (claim instanceof Claim.Replay replay) {
			return ResponseEntity.status(replay.status())
				.location(URI.create("/api/orders/" + replay.orderId()))
				.contentType(MediaType.APPLICATION_JSON)
				.header("Idempotent-Replayed", "true")
				.body(replay.body());
		}
		if (claim instanceof Claim.InFlight) {
			throw Problems.of(HttpStatus.CONFLICT, "Request in progress",
					"A request with this Idempotency-Key is still being answered; retry shortly.");
		}
		throw Problems.of(HttpStatus.UNPROCESSABLE_CONTENT, "Idempotency-Key reused",
				"This Idempotency-Key was used for a different request.");
	}

}
