package dev.sagashop.testsupport;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.DynamicPropertyRegistrar;

/**
 * Makes the service under test trust {@link TestTokens} instead of a running auth-server.
 */
@TestConfiguration(proxyBeanMethods = false)
class TestAuthorityConfiguration {

	@Bean
	DynamicPropertyRegistrar testTokenAuthority() {
		return (registry) -> registry.add("sagashop.auth.jwk-set-uri", () -> TestTokens.get().jwkSetUri());
	}

}
