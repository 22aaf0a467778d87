package dev.sagashop.platform.web;

import java.net.URI;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Which tokens a service trusts.
 *
 * @param issuer the only accepted {@code iss}
 * @param jwkSetUri where auth-server publishes its signing keys
 */
@ConfigurationProperties("sagashop.auth")
public record AuthProperties(@DefaultValue("http://localhost:9000") URI issuer,
		@DefaultValue("http://localhost:9000/oauth2/jwks") URI jwkSetUri) {
}
