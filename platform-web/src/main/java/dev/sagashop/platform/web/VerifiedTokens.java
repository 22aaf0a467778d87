package dev.sagashop.platform.web;

import java.time.Clock;
import java.time.Instant;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;

/**
 * Verifies a bearer token once and reuses the result until the token expires (ADR 15): a
 * client sends the same token with every request, and checking its RSA signature and
 * parsing it again each time is most of what a request's security costs. Only a token
 * that passed the full check (signature, issuer, times) is kept; every use checks its
 * expiry again against the clock; at most {@code maximumSize} tokens are kept, the least
 * used leaving first.
 */
public final class VerifiedTokens implements JwtDecoder {

	private final JwtDecoder delegate;

	private final Clock clock;

	private final Cache<String, Jwt> verified;

	public VerifiedTokens(JwtDecoder delegate, Clock clock, long maximumSize) {
		this.delegate = delegate;
		this.clock = clock;
		this.verified = Caffeine.newBuilder().maximumSize(maximumSize).executor(Runnable::run).build();
	}

	@Override
	public Jwt decode(String token) throws JwtException {
		Jwt known = this.verified.getIfPresent(token);
		if (known != null && known.getExpiresAt().isAfter(Instant.now(this.clock))) {
			return known;
		}
		Jwt jwt = this.delegate.decode(token);
		// A token without an expiry is checked every time.
		if (jwt.getExpiresAt() != null) {
			this.verified.put(token, jwt);
		}
		else {
			this.verified.invalidate(token);
		}
		return jwt;
	}

}
