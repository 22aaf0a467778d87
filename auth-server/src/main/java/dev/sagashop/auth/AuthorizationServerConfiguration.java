package dev.sagashop.auth;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.MediaType;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.OAuth2AuthorizationServerConfiguration;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.oidc.OidcScopes;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.client.InMemoryRegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;
import org.springframework.security.oauth2.server.authorization.settings.ClientSettings;
import org.springframework.security.oauth2.server.authorization.settings.OAuth2TokenFormat;
import org.springframework.security.oauth2.server.authorization.settings.TokenSettings;
import org.springframework.security.oauth2.server.authorization.token.JwtEncodingContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenCustomizer;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.util.matcher.MediaTypeRequestMatcher;

/**
 * The OAuth2 endpoints (token, JWKS, authorize, OIDC discovery), the demo clients and
 * users, and the key that signs tokens.
 */
@Configuration(proxyBeanMethods = false)
class AuthorizationServerConfiguration {

	private static final String SCOPE_AUTHORITY = "SCOPE_";

	@Bean
	@Order(1)
	SecurityFilterChain authorizationServerChain(HttpSecurity http) throws Exception {
		http.oauth2AuthorizationServer((server) -> {
			http.securityMatcher(server.getEndpointsMatcher());
			server.oidc(Customizer.withDefaults());
		})
			.authorizeHttpRequests((requests) -> requests.anyRequest().authenticated())
			.exceptionHandling((exceptions) -> exceptions.defaultAuthenticationEntryPointFor(
					new LoginUrlAuthenticationEntryPoint("/login"), new MediaTypeRequestMatcher(MediaType.TEXT_HTML)));
		return http.build();
	}

	/** Sign-in for the web client's users; probes and metrics are open. */
	@Bean
	@Order(2)
	SecurityFilterChain signInChain(HttpSecurity http) throws Exception {
		http.authorizeHttpRequests((requests) -> requests
			.requestMatchers("/actuator/health/**", "/actuator/info", "/actuator/prometheus", "/error")
			.permitAll()
			.anyRequest()
			.authenticated()).formLogin(Customizer.withDefaults());
		return http.build();
	}

	@Bean
	PasswordEncoder passwordEncoder() {
		return PasswordEncoderFactories.createDelegatingPasswordEncoder();
	}

	@Bean
	RegisteredClientRepository registeredClients(AuthProperties properties, PasswordEncoder encoder) {
		TokenSettings tokens = TokenSettings.builder()
			.accessTokenFormat(OAuth2TokenFormat.SELF_CONTAINED)
			.accessTokenTimeToLive(properties.accessTokenTtl())
			.build();
		List<RegisteredClient> clients = new ArrayList<>();
		properties.clients()
			.forEach((id,
					client) -> clients.add(RegisteredClient.withId(id)
						.clientId(id)
						.clientSecret(hashed(client.secret(), encoder))
						.clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
						.clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_POST)
						.authorizationGrantType(AuthorizationGrantType.CLIENT_CREDENTIALS)
						.scopes((scopes) -> scopes.addAll(client.scopes()))
						.tokenSettings(tokens)
						.build()));
		AuthProperties.WebClient web = properties.webClient();
		Set<String> userScopes = new LinkedHashSet<>();
		properties.users().values().forEach((user) -> userScopes.addAll(user.scopes()));
		clients.add(signingUsersIn(web.clientId(), web.redirectUris(), userScopes, tokens)
			.clientAuthenticationMethod(ClientAuthenticationMethod.NONE)
			.build());
		AuthProperties.ConsoleClient console = properties.consoleClient();
		clients.add(signingUsersIn(console.clientId(), console.redirectUris(), userScopes, tokens)
			.clientSecret(hashed(console.secret(), encoder))
			.clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
			.authorizationGrantType(AuthorizationGrantType.REFRESH_TOKEN)
			.build());
		return new InMemoryRegisteredClientRepository(clients);
	}

	@Bean
	UserDetailsService users(AuthProperties properties, PasswordEncoder encoder) {
		List<UserDetails> users = new ArrayList<>();
		properties.users()
			.forEach((name,
					user) -> users.add(User.withUsername(name)
						.password(hashed(user.secret(), encoder))
						.authorities(
								user.scopes().stream().map((scope) -> SCOPE_AUTHORITY + scope).toArray(String[]::new))
						.build()));
		return new InMemoryUserDetailsManager(users);
	}

	/**
	 * A user gets only the scopes granted to that user, whatever the web client asks for:
	 * alice cannot become an admin by asking for {@code admin}.
	 */
	@Bean
	OAuth2TokenCustomizer<JwtEncodingContext> userScopes() {
		return (context) -> {
			if (OAuth2TokenType.ACCESS_TOKEN.equals(context.getTokenType())
					&& context.getPrincipal() instanceof UsernamePasswordAuthenticationToken user) {
				Set<String> allowed = new LinkedHashSet<>();
				for (GrantedAuthority authority : user.getAuthorities()) {
					if (authority.getAuthority().startsWith(SCOPE_AUTHORITY)) {
						allowed.add(authority.getAuthority().substring(SCOPE_AUTHORITY.length()));
					}
				}
				Set<String> scopes = new LinkedHashSet<>(context.getAuthorizedScopes());
				scopes.removeIf((scope) -> !allowed.contains(scope) && !scope.equals(OidcScopes.OPENID)
						&& !scope.equals(OidcScopes.PROFILE));
				context.getClaims().claims((claims) -> claims.put("scope", scopes));
			}
		};
	}

	@Bean
	JWKSource<SecurityContext> jwkSource(AuthProperties properties) {
		return new ImmutableJWKSet<>(new JWKSet(SigningKey.loadOrCreate(properties.keyFile())));
	}

	@Bean
	JwtDecoder jwtDecoder(JWKSource<SecurityContext> jwkSource) {
		return OAuth2AuthorizationServerConfiguration.jwtDecoder(jwkSource);
	}

	@Bean
	AuthorizationServerSettings authorizationServerSettings(AuthProperties properties) {
		return AuthorizationServerSettings.builder().issuer(properties.issuer().toString()).build();
	}

	/**
	 * A client that signs people in with the authorization code and PKCE, and gets an
	 * OpenID Connect sign-in besides the access token.
	 */
	private static RegisteredClient.Builder signingUsersIn(String clientId, List<String> redirectUris,
			Set<String> userScopes, TokenSettings tokens) {
		return RegisteredClient.withId(UUID.nameUUIDFromBytes(clientId.getBytes()).toString())
			.clientId(clientId)
			.authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
			.redirectUris((uris) -> uris.addAll(redirectUris))
			.scope(OidcScopes.OPENID)
			.scope(OidcScopes.PROFILE)
			.scopes((scopes) -> scopes.addAll(userScopes))
			.clientSettings(ClientSettings.builder().requireProofKey(true).requireAuthorizationConsent(false).build())
			.tokenSettings(tokens);
	}

	private static String hashed(String secret, PasswordEncoder encoder) {
		return secret.startsWith("{") ? secret : encoder.encode(secret);
	}

}
