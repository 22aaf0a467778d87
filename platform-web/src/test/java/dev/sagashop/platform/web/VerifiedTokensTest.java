package dev.sagashop.platform.web;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class VerifiedTokensTest {

	private static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");

	private final List<String> checked = new ArrayList<>();

	/**
	 * Checks a token as Nimbus would: "bad" fails; "late" passes (within the validator's
	 * clock skew) though it expires now; anything else expires in 5 minutes.
	 */
	private final JwtDecoder full = (token) -> {
		this.checked.add(token);
		if (token.startsWith("bad")) {
			throw new BadJwtException("Invalid signature");
		}
		return Jwt.withTokenValue(token)
			.header("alg", "RS256")
			.subject("alice")
			.issuedAt(NOW.minusSeconds(1))
			.expiresAt(token.startsWith("late") ? NOW : NOW.plusSeconds(300))
			.build();
	};

	private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);

	@Test
	void checksATokenOnceWhileItHasNotExpired() {
		VerifiedTokens tokens = new VerifiedTokens(this.full, this.clock, 100);

		Jwt first = tokens.decode("t1");
		assertThat(tokens.decode("t1")).isSameAs(first);
		assertThat(tokens.decode("t1")).isSameAs(first);
		assertThat(this.checked).containsExactly("t1");
	}

	@Test
	void checksATokenInFullOnceItsExpiryIsReached() {
		VerifiedTokens tokens = new VerifiedTokens(this.full, this.clock, 100);

		tokens.decode("late");
		tokens.decode("late");
		assertThat(this.checked).containsExactly("late", "late");
	}

	@Test
	void neverKeepsATokenThatFailedTheCheck() {
		VerifiedTokens tokens = new VerifiedTokens(this.full, this.clock, 100);

		assertThatExceptionOfType(BadJwtException.class).isThrownBy(() -> tokens.decode("bad"));
		assertThatExceptionOfType(BadJwtException.class).isThrownBy(() -> tokens.decode("bad"));
		assertThat(this.checked).containsExactly("bad", "bad");
	}

	@Test
	void checksATokenWithoutExpiryEveryTime() {
		VerifiedTokens tokens = new VerifiedTokens((token) -> {
			this.checked.add(token);
			return Jwt.withTokenValue(token).header("alg", "RS256").subject("alice").build();
		}, this.clock, 100);

		tokens.decode("t1");
		tokens.decode("t1");
		assertThat(this.checked).containsExactly("t1", "t1");
	}

	@Test
	void keepsAtMostItsSize() {
		VerifiedTokens tokens = new VerifiedTokens(this.full, this.clock, 10);
		for (int i = 0; i < 1000; i++) {
			tokens.decode("t" + i);
		}
		this.checked.clear();
		for (int i = 0; i < 1000; i++) {
			tokens.decode("t" + i);
		}
		assertThat(this.checked).as("most were evicted").hasSizeGreaterThan(900);
	}

}
