package dev.sagashop.auth;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * What auth-server issues, and to whom.
 *
 * @param issuer the {@code iss} of every token; the services trust only this one
 * @param keyFile where the RSA signing key is kept across restarts (a JWK, created on
 * first start); without it a new key is made at every start
 * @param accessTokenTtl how long an access token is valid
 * @param clients the client-credentials clients, by client id (which becomes the token's
 * {@code sub}, the customer id)
 * @param users the people who sign in through the web client
 * @param webClient the public authorization-code + PKCE client of a web UI
 * @param consoleClient the saga console, a confidential authorization-code + PKCE client
 * that keeps the tokens on its server (ADR 29)
 */
@Validated
@ConfigurationProperties("sagashop.auth")
public record AuthProperties(@NotNull URI issuer, Path keyFile, @NotNull Duration accessTokenTtl,
		@Valid @NotEmpty Map<String, Account> clients, @Valid Map<String, Account> users,
		@Valid @NotNull WebClient webClient, @Valid @NotNull ConsoleClient consoleClient) {

	/**
	 * A client or a user.
	 *
	 * @param secret the secret or password: plain, or already encoded
	 * ({@code {bcrypt}...}); only its hash is kept in memory
	 * @param scopes what it may be granted
	 */
	public record Account(@NotBlank String secret, @NotNull Set<String> scopes) {
	}

	/**
	 * A browser app signing users in with the authorization-code flow and PKCE.
	 *
	 * @param clientId its client id
	 * @param redirectUris where it may receive the code
	 */
	public record WebClient(@NotBlank String clientId, @NotEmpty List<String> redirectUris) {
	}

	/**
	 * A web app's server signing users in with the authorization-code flow and PKCE, and
	 * authenticating itself with a secret.
	 *
	 * @param clientId its client id
	 * @param secret its secret: plain, or already encoded; only its hash is kept
	 * @param redirectUris where it may receive the code
	 */
	public record ConsoleClient(@NotBlank String clientId, @NotBlank String secret,
			@NotEmpty List<String> redirectUris) {
	}

}
