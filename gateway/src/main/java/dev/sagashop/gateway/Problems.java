package dev.sagashop.gateway;

import java.util.LinkedHashMap;
import java.util.Map;

import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ServerWebExchange;

/**
 * Writes RFC 9457 problem details from the gateway's own filters, which answer before any
 * controller could.
 */
final class Problems {

	private Problems() {
	}

	static Mono<Void> write(ServerWebExchange exchange, HttpStatus status, String title, String detail) {
		return write(exchange.getRequest(), exchange.getResponse(), status, title, detail);
	}

	/**
	 * The same, for an answer made before the request became an exchange (a refusal at
	 * the edge, {@link CheckoutShedding}).
	 */
	static Mono<Void> write(ServerHttpRequest request, ServerHttpResponse response, HttpStatus status, String title,
			String detail) {
		response.setStatusCode(status);
		response.getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
		Map<String, Object> problem = new LinkedHashMap<>();
		problem.put("type", "about:blank");
		problem.put("title", title);
		problem.put("status", status.value());
		problem.put("detail", detail);
		problem.put("instance", request.getPath().value());
		DataBuffer buffer = response.bufferFactory().wrap(JsonMapper.shared().writeValueAsBytes(problem));
		return response.writeWith(Mono.just(buffer));
	}

}
