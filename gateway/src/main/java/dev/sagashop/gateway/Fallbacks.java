package dev.sagashop.gateway;

import java.util.Map;

import reactor.core.publisher.Mono;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;

/**
 * Where a route's circuit breaker sends a request whose service is down, too slow, or
 * failing: 503 problem+json naming the service.
 */
@RestController
class Fallbacks {

	private static final Map<String, String> SERVICES = Map.of("orders", "orders-service", "payments",
			"payments-service", "inventory", "inventory-service", "shipping", "shipping-service");

	@RequestMapping("/fallback/{route}")
	Mono<Void> unavailable(@PathVariable String route, ServerWebExchange exchange) {
		String service = SERVICES.getOrDefault(route, route);
		exchange.getResponse().getHeaders().set("Retry-After", "5");
		return Problems.write(exchange, HttpStatus.SERVICE_UNAVAILABLE, "Service unavailable",
				service + " is unavailable or did not answer in time; try again shortly.");
	}

}
