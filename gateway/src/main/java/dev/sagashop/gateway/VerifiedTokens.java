package dev.sagashop.gateway;

import java.time.Clock;
import java.time.Instant;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import reactor.core.publisher.Mono;

import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;

/**
 * The gateway's side of ADR 15: a bearer token is verified once and reused until it
 * expires; only a token that passed the full check is kept, its expiry checked again on
 * every use, at most {@code maximumSize} of them.
 */
final class VerifiedTokens implements ReactiveJwtDecoder {

	private final ReactiveJwtDecoder delegate;

	private final Clock clock;

	private final Cache<String, Jwt> verified;

	VerifiedTokens(ReactiveJwtDecoder delegate, Clock clock, long maximumSize) {
		this.delegate = delegate;
		this.clock = clock;
		this.verified = Caffeine.newBuilder().maximumSize(maximumSize).executor(Runnable::run).build();
	}

	@Override
	public Mono<Jwt> decode(String token) {
		Jwt known = known(token);
		if (known != null) {
			return Mono.just(known);
		}
		return this.delegate.decode(token).doOnNext((jwt) -> {
			// A token without an expiry is checked every time.
			if (jwt.getExpiresAt() != null) {
				this.verified.put(token, jwt);
			}
		});
	}

	/**
	 * A token that passed the full check before and has not expired, without checking
	 * anything else.
	 * @param token the bearer token
	 * @return its claims, or {@code null} when it was not verified here or has expired
	 */
	Jwt known(String token) {
		Jwt known = this.verified.getIfPresent(token);
		return (known != null && known.getExpiresAt().isAfter(Instant.now(this.clock))) ? known : null;
	}

}
