package dev.sagashop.console;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.client.web.DefaultOAuth2AuthorizationRequestResolver;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizationRequestCustomizers;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizationRequestRedirectFilter;
import org.springframework.security.web.SecurityFilterChain;

/**
 * A backend-for-frontend (ADR 29): people sign in with the authorization-code flow and
 * PKCE at auth-server; their tokens stay in the server-side session, never in the
 * browser, which holds only the session cookie. Every form carries a CSRF token (Spring
 * Security's default), sign-out is a POST.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

	@Bean
	SecurityFilterChain console(HttpSecurity http, ClientRegistrationRepository registrations) throws Exception {
		DefaultOAuth2AuthorizationRequestResolver requests = new DefaultOAuth2AuthorizationRequestResolver(
				registrations, OAuth2AuthorizationRequestRedirectFilter.DEFAULT_AUTHORIZATION_REQUEST_BASE_URI);
		// PKCE for this confidential client too, as auth-server requires of it.
		requests.setAuthorizationRequestCustomizer(OAuth2AuthorizationRequestCustomizers.withPkce());
		http.authorizeHttpRequests((authorize) -> authorize
			.requestMatchers("/actuator/health/**", "/actuator/info", "/actuator/prometheus", "/console.css",
					"/signed-out")
			.permitAll()
			.anyRequest()
			.authenticated())
			.oauth2Login((login) -> login
				.authorizationEndpoint((endpoint) -> endpoint.authorizationRequestResolver(requests)))
			.oauth2Client(Customizer.withDefaults())
			.logout((logout) -> logout.logoutSuccessUrl("/signed-out"));
		return http.build();
	}

}
