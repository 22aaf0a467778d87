package dev.sagashop.gateway;

import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;

import reactor.core.publisher.Mono;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.config.web.server.SecurityWebFiltersOrder;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusReactiveJwtDecoder;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.firewall.ServerExchangeRejectedHandler;
import org.springframework.security.web.server.ServerAuthenticationEntryPoint;
import org.springframework.security.web.server.authorization.ServerAccessDeniedHandler;
import org.springframework.security.web.server.context.NoOpServerSecurityContextRepository;
import org.springframework.security.web.server.savedrequest.NoOpServerRequestCache;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;

/**
 * The gateway is an OAuth2 resource server: a request to {@code /api/**} without a valid
 * token is answered 401 before any routing; a valid token is relayed as it is. Within the
 * chain, after authentication, each client is rate limited. The services check scopes and
 * ownership themselves.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(GatewayProperties.class)
class EdgeSecurity {

	/**
	 * How many verified tokens the gateway keeps: many more than it has active clients.
	 */
	static final long VERIFIED_TOKENS = 10_000;

	@Bean
	SecurityWebFilterChain edge(ServerHttpSecurity http, GatewayProperties properties) {
		// RFC 6750's WWW-Authenticate, then a problem body (Spring's bearer entry point
		// would complete the response without one).
		ServerAuthenticationEntryPoint unauthenticated = (exchange, ex) -> {
			String header = "Bearer";
			if (ex instanceof OAuth2AuthenticationException oauth) {
				header += " error=\"" + oauth.getError().getErrorCode() + "\", error_description=\""
						+ String.valueOf(oauth.getError().getDescription()).replace("\"", "'") + "\"";
			}
			exchange.getResponse().getHeaders().set(HttpHeaders.WWW_AUTHENTICATE, header);
			return Problems.write(exchange, HttpStatus.UNAUTHORIZED, "Unauthorized",
					"A valid bearer token from auth-server is required: " + ex.getMessage());
		};
		ServerAccessDeniedHandler denied = (exchange, ex) -> {
			exchange.getResponse()
				.getHeaders()
				.set(HttpHeaders.WWW_AUTHENTICATE, "Bearer error=\"insufficient_scope\"");
			return Problems.write(exchange, HttpStatus.FORBIDDEN, "Forbidden",
					"The token's scopes do not allow this operation.");
		};
		return http
			.authorizeExchange(
					(exchanges) -> exchanges.pathMatchers("/api/**").authenticated().anyExchange().permitAll())
			.oauth2ResourceServer((server) -> server.jwt((jwt) -> {
			}).authenticationEntryPoint(unauthenticated).accessDeniedHandler(denied))
			.exceptionHandling(
					(exceptions) -> exceptions.authenticationEntryPoint(unauthenticated).accessDeniedHandler(denied))
			.addFilterBefore(rateLimit(new RateLimiter(properties.rateLimit(), System::nanoTime)),
					SecurityWebFiltersOrder.AUTHORIZATION)
			// Stateless: a session per request cost work and moved the answer off the
			// event loop, where it raced the next keep-alive request (ADR 20).
			.securityContextRepository(NoOpServerSecurityContextRepository.getInstance())
			.requestCache((cache) -> cache.requestCache(NoOpServerRequestCache.getInstance()))
			.csrf(ServerHttpSecurity.CsrfSpec::disable)
			.httpBasic(ServerHttpSecurity.HttpBasicSpec::disable)
			.formLogin(ServerHttpSecurity.FormLoginSpec::disable)
			.build();
	}

	/**
	 * Only RS256, only auth-server's issuer; keys are fetched on first use. A verified
	 * token is reused until it expires ({@link VerifiedTokens}).
	 */
	@Bean
	VerifiedTokens jwtDecoder(GatewayProperties properties) {
		NimbusReactiveJwtDecoder decoder = NimbusReactiveJwtDecoder
			.withJwkSetUri(properties.auth().jwkSetUri().toString())
			.jwsAlgorithm(SignatureAlgorithm.RS256)
			.build();
		decoder.setJwtValidator(JwtValidators.createDefaultWithIssuer(properties.auth().issuer().toString()));
		return new VerifiedTokens(decoder, Clock.systemUTC(), VERIFIED_TOKENS);
	}

	/**
	 * A request the firewall rejects (an encoded {@code /}, {@code \\}, {@code ;} or NUL
	 * in the path, {@code ..}) is a 400 problem like any other bad input, not an empty
	 * 400.
	 */
	@Bean
	ServerExchangeRejectedHandler rejectedAsProblem() {
		return (exchange, rejected) -> Problems.write(exchange, HttpStatus.BAD_REQUEST, "Bad Request",
				"The request was rejected: " + rejected.getMessage());
	}

	/**
	 * No observation around each web filter of the security chain (the property that
	 * disables them leaves no-op wrappers around every filter).
	 */
	@Bean
	SecurityObservationSettings securityObservations() {
		return SecurityObservationSettings.noObservations();
	}

	/**
	 * 429 with {@code Retry-After} once a client's bucket is empty. The key is the
	 * token's subject when authenticated, else the caller's IP address.
	 */
	static WebFilter rateLimit(RateLimiter limiter) {
		return (exchange, chain) -> exchange.getPrincipal()
			.filter(Authentication.class::isInstance)
			.map((principal) -> "sub:" + principal.getName())
			.switchIfEmpty(Mono.fromSupplier(() -> "ip:" + address(exchange)))
			.flatMap((key) -> {
				Duration wait = limiter.acquire(key);
				if (wait.isZero()) {
					return chain.filter(exchange);
				}
				long seconds = Math.max(1, (wait.toMillis() + 999) / 1000);
				exchange.getResponse().getHeaders().set("Retry-After", Long.toString(seconds));
				return Problems.write(exchange, HttpStatus.TOO_MANY_REQUESTS, "Too many requests",
						"This client sent more requests than its limit; retry after " + seconds + " s.");
			});
	}

	private static String address(ServerWebExchange exchange) {
		InetSocketAddress remote = exchange.getRequest().getRemoteAddress();
		return (remote == null || remote.getAddress() == null) ? "unknown" : remote.getAddress().getHostAddress();
	}

}
