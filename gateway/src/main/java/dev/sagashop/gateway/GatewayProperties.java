package dev.sagashop.gateway;

import java.net.URI;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * The gateway's edge policy.
 *
 * @param auth which tokens it trusts
 * @param rateLimit how many requests a client may send
 * @param maxBodySize the largest request body it forwards
 */
@ConfigurationProperties("sagashop")
public record GatewayProperties(@DefaultValue Auth auth, @DefaultValue RateLimit rateLimit,
		@DefaultValue("64KB") DataSize maxBodySize) {

	/**
	 * Which tokens the gateway accepts.
	 *
	 * @param issuer the only accepted {@code iss}
	 * @param jwkSetUri where auth-server publishes its signing keys
	 */
	public record Auth(@DefaultValue("http://localhost:9000") URI issuer,
			@DefaultValue("http://localhost:9000/oauth2/jwks") URI jwkSetUri) {
	}

	/**
	 * A token bucket per client: per token subject, or per IP address for requests
	 * without a valid token.
	 *
	 * @param capacity the burst a client may send at once
	 * @param refillPerSecond the sustained rate
	 * @param idleAfter when an unused bucket is forgotten
	 */
	public record RateLimit(@DefaultValue("200") int capacity, @DefaultValue("100") int refillPerSecond,
			@DefaultValue("10m") Duration idleAfter) {
	}

}
