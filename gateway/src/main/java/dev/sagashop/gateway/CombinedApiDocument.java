package dev.sagashop.gateway;

import java.time.Duration;
import java.util.List;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.cloud.client.loadbalancer.reactive.ReactorLoadBalancerExchangeFilterFunction;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.server.ServerWebExchange;

/**
 * The whole API's OpenAPI document at the gateway's {@code /v3/api-docs}: the four
 * services' documents, read from them on each request (they are small, and so never
 * stale) and merged ({@link ApiDocuments}). The document a client generator is given.
 */
@RestController
class CombinedApiDocument {

	static final List<String> SERVICES = List.of("orders", "payments", "inventory", "shipping");

	private static final Duration TIMEOUT = Duration.ofSeconds(5);

	private static final Log logger = LogFactory.getLog(CombinedApiDocument.class);

	private final WebClient services;

	CombinedApiDocument(ReactorLoadBalancerExchangeFilterFunction loadBalancer) {
		this.services = WebClient.builder().filter(loadBalancer).build();
	}

	@GetMapping(path = "/v3/api-docs", produces = MediaType.APPLICATION_JSON_VALUE)
	Mono<Void> document(ServerWebExchange exchange) {
		return Flux.fromIterable(SERVICES)
			.concatMap(this::read)
			.collectList()
			.map(ApiDocuments::merge)
			.flatMap((merged) -> {
				exchange.getResponse().getHeaders().setContentType(MediaType.APPLICATION_JSON);
				return exchange.getResponse()
					.writeWith(Mono.just(exchange.getResponse()
						.bufferFactory()
						.wrap(JsonMapper.shared().writeValueAsBytes(merged))));
			})
			.onErrorResume(ApiDocuments.ConflictException.class, (ex) -> {
				logger.error("The services' OpenAPI documents disagree: " + ex.getMessage());
				return Problems.write(exchange, HttpStatus.BAD_GATEWAY, "Documents disagree", ex.getMessage());
			})
			.onErrorResume(UnreadableDocument.class, (ex) -> {
				logger.warn(ex.getMessage() + ": " + ex.getCause());
				exchange.getResponse().getHeaders().set("Retry-After", "5");
				return Problems.write(exchange, HttpStatus.SERVICE_UNAVAILABLE, "Service unavailable",
						ex.getMessage() + "; try again shortly.");
			});
	}

	private Mono<ApiDocuments.Part> read(String service) {
		return this.services.get()
			.uri("http://" + service + "/v3/api-docs")
			.retrieve()
			.bodyToMono(JsonNode.class)
			.timeout(TIMEOUT)
			.map((document) -> new ApiDocuments.Part(service, document))
			.onErrorMap((ex) -> new UnreadableDocument(service, ex));
	}

	/** A service's document could not be read. */
	static final class UnreadableDocument extends RuntimeException {

		UnreadableDocument(String service, Throwable cause) {
			super("The OpenAPI document of " + service + "-service could not be read", cause);
		}

	}

}
