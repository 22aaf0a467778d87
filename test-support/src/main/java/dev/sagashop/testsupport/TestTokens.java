package dev.sagashop.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.UUID;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;

/**
 * A stand-in for auth-server in tests of one process: an RSA key whose JWKS is served on
 * a local port, and tokens minted with it, good ones and every kind of bad one. Point
 * {@code sagashop.auth.jwk-set-uri} at {@link #jwkSetUri()}; the issuer is the
 * contract's.
 */
public final class TestTokens {

	/** The issuer the services trust by default. */
	public static final String ISSUER = "http://localhost:9000";

	private static volatile TestTokens instance;

	private final RSAKey key;

	private final HttpServer jwks;

	private TestTokens() {
		this.key = newKey();
		try {
			this.jwks = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		byte[] body = new JWKSet(this.key.toPublicJWK()).toString().getBytes(StandardCharsets.UTF_8);
		this.jwks.createContext("/oauth2/jwks", (exchange) -> {
			exchange.getResponseHeaders().set("Content-Type", "application/json");
			exchange.sendResponseHeaders(200, body.length);
			exchange.getResponseBody().write(body);
			exchange.close();
		});
		this.jwks.setExecutor(null);
		this.jwks.start();
	}

	/** The one instance of this JVM, started on first use. */
	public static TestTokens get() {
		if (instance == null) {
			synchronized (TestTokens.class) {
				if (instance == null) {
					instance = new TestTokens();
				}
			}
		}
		return instance;
	}

	public String jwkSetUri() {
		return "http://127.0.0.1:" + this.jwks.getAddress().getPort() + "/oauth2/jwks";
	}

	/**
	 * A valid token.
	 * @param subject the customer id
	 * @param scopes its scopes, e.g. {@code orders}
	 * @return the compact JWT
	 */
	public String valid(String subject, String... scopes) {
		return sign(this.key, claims(subject, ISSUER, Instant.now().plus(Duration.ofMinutes(10)), scopes));
	}

	/** A token that expired an hour ago. */
	public String expired(String subject, String... scopes) {
		return sign(this.key, claims(subject, ISSUER, Instant.now().minus(Duration.ofHours(1)), scopes));
	}

	/** A token of another issuer, signed with the right key. */
	public String wrongIssuer(String subject, String... scopes) {
		return sign(this.key,
				claims(subject, "http://evil.invalid", Instant.now().plus(Duration.ofMinutes(10)), scopes));
	}

	/** A token signed by another key that claims the right key's id. */
	public String wrongSignature(String subject, String... scopes) {
		RSAKey other = newKey(this.key.getKeyID());
		return sign(other, claims(subject, ISSUER, Instant.now().plus(Duration.ofMinutes(10)), scopes));
	}

	/** An unsigned token ({@code alg: none}) with otherwise valid claims. */
	public String unsigned(String subject, String... scopes) {
		Base64.Encoder base64 = Base64.getUrlEncoder().withoutPadding();
		String header = base64.encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
		String payload = base64
			.encodeToString(claims(subject, ISSUER, Instant.now().plus(Duration.ofMinutes(10)), scopes).toString()
				.getBytes(StandardCharsets.UTF_8));
		return header + "." + payload + ".";
	}

	/** Every kind of bad token, by name, for table-driven tests. */
	public List<String[]> badTokens(String subject, String... scopes) {
		return List.of(new String[] { "expired", expired(subject, scopes) },
				new String[] { "wrong issuer", wrongIssuer(subject, scopes) },
				new String[] { "wrong signature", wrongSignature(subject, scopes) },
				new String[] { "alg none", unsigned(subject, scopes) }, new String[] { "not a JWT", "not-a-token" });
	}

	private static JWTClaimsSet claims(String subject, String issuer, Instant expiresAt, String... scopes) {
		return new JWTClaimsSet.Builder().subject(subject)
			.issuer(issuer)
			.issueTime(Date.from(expiresAt.minus(Duration.ofMinutes(15))))
			.notBeforeTime(Date.from(expiresAt.minus(Duration.ofMinutes(15))))
			.expirationTime(Date.from(expiresAt))
			.claim("scope", List.of(scopes))
			.jwtID(UUID.randomUUID().toString())
			.build();
	}

	private static String sign(RSAKey key, JWTClaimsSet claims) {
		try {
			SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(),
					claims);
			jwt.sign(new RSASSASigner(key));
			return jwt.serialize();
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static RSAKey newKey() {
		return newKey(UUID.randomUUID().toString());
	}

	private static RSAKey newKey(String keyId) {
		try {
			KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
			generator.initialize(2048);
			var pair = generator.generateKeyPair();
			return new RSAKey.Builder((RSAPublicKey) pair.getPublic()).privateKey((RSAPrivateKey) pair.getPrivate())
				.keyID(keyId)
				.build();
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
