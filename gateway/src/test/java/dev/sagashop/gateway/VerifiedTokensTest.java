package dev.sagashop.gateway;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class VerifiedTokensTest {

	private static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");

	private final List<String> checked = new ArrayList<>();

	/**
	 * Checks a token as Nimbus would: "bad" fails; "late" passes (within the validator's
	 * clock skew) though it expires now; anything else expires in 5 minutes.
	 */
	private final ReactiveJwtDecoder full = (token) -> Mono.defer(() -> {
		this.checked.add(token);
		if (token.startsWith("bad")) {
			return Mono.error(new BadJwtException("Invalid signature"));
		}
		return Mono.just(Jwt.withTokenValue(token)
			.header("alg", "RS256")
			.subject("alice")
			.issuedAt(NOW.minusSeconds(1))
			.expiresAt(token.startsWith("late") ? NOW : NOW.plusSeconds(300))
			.build());
	});

	@Test
	void checksATokenOnceUntilItExpires() {
		VerifiedTokens tokens = new VerifiedTokens(this.full, Clock.fixed(NOW, ZoneOffset.UTC), 100);

		Jwt first = tokens.decode("t1").block();
		assertThat(tokens.decode("t1").block()).isSameAs(first);
		tokens.decode("late").block();
		tokens.decode("late").block();
		assertThat(this.checked).as("an expired token is checked in full each time")
			.containsExactly("t1", "late", "late");
	}

	@Test
	void neverKeepsATokenThatFailedTheCheck() {
		VerifiedTokens tokens = new VerifiedTokens(this.full, Clock.fixed(NOW, ZoneOffset.UTC), 100);

		assertThatExceptionOfType(BadJwtException.class).isThrownBy(() -> tokens.decode("bad").block());
		assertThatExceptionOfType(BadJwtException.class).isThrownBy(() -> tokens.decode("bad").block());
		assertThat(this.checked).containsExactly("bad", "bad");
	}

}
