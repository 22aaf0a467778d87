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
	 * Checks a token as Nimbus would: "bad" fails, anything else expires in 5 minutes.
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
			.expiresAt(NOW.plusSeconds(300))
			.build());
	});

	@Test
	void checksATokenOnceUntilItExpires() {
		Instant[] now = { NOW };
		Clock clock = new Clock() {

			@Override
			public Instant instant() {
				return now[0];
			}

			@Override
			public ZoneOffset getZone() {
				return ZoneOffset.UTC;
			}

			@Override
			public Clock withZone(java.time.ZoneId zone) {
				return this;
			}

		};
		VerifiedTokens tokens = new VerifiedTokens(this.full, clock, 100);

		Jwt first = tokens.decode("t1").block();
		assertThat(tokens.decode("t1").block()).isSameAs(first);
		assertThat(this.checked).containsExactly("t1");
		now[0] = NOW.plusSeconds(300);
		tokens.decode("t1").block();
		assertThat(this.checked).as("checked in full again once expired").containsExactly("t1", "t1");
	}

	@Test
	void neverKeepsATokenThatFailedTheCheck() {
		VerifiedTokens tokens = new VerifiedTokens(this.full, Clock.fixed(NOW, ZoneOffset.UTC), 100);

		assertThatExceptionOfType(BadJwtException.class).isThrownBy(() -> tokens.decode("bad").block());
		assertThatExceptionOfType(BadJwtException.class).isThrownBy(() -> tokens.decode("bad").block());
		assertThat(this.checked).containsExactly("bad", "bad");
	}

}
