package dev.sagashop.platform.web;

import java.time.Clock;
import java.util.List;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.core.MethodParameter;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.firewall.RequestRejectedHandler;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Makes a service an OAuth2 resource server: RS256 JWTs from auth-server's JWKS with its
 * issuer, the {@link ApiAccessRules}, stateless, 401/403 as problem+json, a
 * {@link Caller} parameter for controllers, strict JSON input and paging parameters.
 */
@AutoConfiguration
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@EnableConfigurationProperties(AuthProperties.class)
public class ServiceSecurityAutoConfiguration {

	/** How many verified tokens a service keeps: many more than it has active clients. */
	static final long VERIFIED_TOKENS = 10_000;

	@Bean
	SecurityFilterChain apiSecurity(HttpSecurity http) throws Exception {
		ProblemResponses problems = new ProblemResponses();
		ApiAccessRules.apply(http);
		http.oauth2ResourceServer((server) -> server.jwt((jwt) -> {
		}).authenticationEntryPoint(problems).accessDeniedHandler(problems))
			.exceptionHandling(
					(exceptions) -> exceptions.authenticationEntryPoint(problems).accessDeniedHandler(problems))
			.sessionManagement((sessions) -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.csrf(AbstractHttpConfigurer::disable);
		return http.build();
	}

	/**
	 * A request the firewall rejects (an encoded {@code ;}, {@code //}, {@code ..}) is a
	 * 400 problem like any other bad input.
	 */
	@Bean
	RequestRejectedHandler rejectedAsProblem() {
		return (request, response, rejected) -> ProblemResponses.write(response, 400, "Bad Request",
				"The request was rejected: " + rejected.getMessage(), request);
	}

	/**
	 * Only RS256, only auth-server's issuer, and the usual time checks; the keys are
	 * fetched on the first request, so a service starts without auth-server. A verified
	 * token is reused until it expires ({@link VerifiedTokens}).
	 */
	@Bean
	JwtDecoder jwtDecoder(AuthProperties properties) {
		NimbusJwtDecoder decoder = NimbusJwtDecoder.withJwkSetUri(properties.jwkSetUri().toString())
			.jwsAlgorithm(SignatureAlgorithm.RS256)
			.build();
		decoder.setJwtValidator(JwtValidators.createDefaultWithIssuer(properties.issuer().toString()));
		return new VerifiedTokens(decoder, Clock.systemUTC(), VERIFIED_TOKENS);
	}

	/**
	 * No observation around each filter of the security chain: the property
	 * {@code management.observations.enable.spring.security=false} only makes them
	 * no-ops, while this leaves the filters unwrapped (their cost showed in the
	 * profiles).
	 */
	@Bean
	SecurityObservationSettings securityObservations() {
		return SecurityObservationSettings.noObservations();
	}

	/** See {@link ProblemTypes}. */
	@Bean
	ProblemTypes problemTypes() {
		return new ProblemTypes();
	}

	/** See {@link DatabaseUnavailable}. */
	@Bean
	DatabaseUnavailable databaseUnavailable() {
		return new DatabaseUnavailable();
	}

	/** See {@link StrictJson}. */
	@Bean
	JsonMapperBuilderCustomizer strictJsonInput() {
		return StrictJson::apply;
	}

	@Bean
	WebMvcConfigurer callerArgument() {
		return new WebMvcConfigurer() {

			@Override
			public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
				resolvers.add(new CallerResolver());
			}

			@Override
			public void addInterceptors(InterceptorRegistry registry) {
				registry.addInterceptor(new PagingParameters()).addPathPatterns("/api/**");
			}

		};
	}

	private static final class CallerResolver implements HandlerMethodArgumentResolver {

		@Override
		public boolean supportsParameter(MethodParameter parameter) {
			return parameter.getParameterType() == Caller.class;
		}

		@Override
		public Object resolveArgument(MethodParameter parameter, ModelAndViewContainer container,
				NativeWebRequest request, WebDataBinderFactory binders) {
			Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
			if (authentication == null || !(authentication.getPrincipal() instanceof Jwt token)) {
				throw new IllegalStateException("No bearer token on a request that needs a caller");
			}
			return Caller.of(token, authentication.getAuthorities());
		}

	}

}
