package dev.sagashop.platform.web;

import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;

/**
 * The API's access rules, the same in every service (a request that skips the gateway is
 * checked all the same): any valid token reads the catalogue; catalogue writes need scope
 * {@code admin}, and so does dispatching a shipment; orders, payments and shipments need
 * {@code orders} or {@code admin}; probes, metrics and OpenAPI documents are open.
 */
final class ApiAccessRules {

	static final String ADMIN = "SCOPE_admin";

	static final String ORDERS = "SCOPE_orders";

	private ApiAccessRules() {
	}

	static void apply(HttpSecurity http) throws Exception {
		http.authorizeHttpRequests((requests) -> requests
			.requestMatchers("/actuator/health/**", "/actuator/info", "/actuator/prometheus", "/v3/api-docs/**",
					"/asyncapi", "/error")
			.permitAll()
			.requestMatchers(HttpMethod.GET, "/api/products", "/api/products/**")
			.authenticated()
			.requestMatchers("/api/products", "/api/products/**")
			.hasAuthority(ADMIN)
			.requestMatchers(HttpMethod.POST, "/api/shipments/*/dispatch")
			.hasAuthority(ADMIN)
			.requestMatchers("/api/sagas", "/api/sagas/**", "/api/dead-letters/**", "/api/reservations",
					"/api/reservations/**")
			.hasAuthority(ADMIN)
			.requestMatchers("/api/orders/**", "/api/orders", "/api/payments/**", "/api/payments", "/api/shipments/**",
					"/api/shipments")
			.hasAnyAuthority(ORDERS, ADMIN)
			.anyRequest()
			.authenticated());
	}

}
