package dev.sagashop.gateway;

import java.util.Map;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.core.publisher.Mono;

import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
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

	private static final Log logger = LogFactory.getLog(Fallbacks.class);

	@RequestMapping("/fallback/{route}")
	Mono<Void> unavailable(@PathVariable String route, ServerWebExchange exchange) {
		String service = SERVICES.getOrDefault(route, route);
		Throwable cause = exchange.getAttribute(ServerWebExchangeUtils.CIRCUITBREAKER_EXECUTION_EXCEPTION_ATTR);
		logger.warn("%s %s answered 503: %s".formatted(exchange.getRequest().getMethod(),
				exchange.getRequest().getPath(), (cause != null) ? cause.toString() : service + " unavailable"));
		exchange.getResponse().getHeaders().set("Retry-After", "5");
		return Problems.write(exchange, HttpStatus.SERVICE_UNAVAILABLE, "Service unavailable",
				service + " is unavailable or did not answer in time; try again shortly.");
	}

}
