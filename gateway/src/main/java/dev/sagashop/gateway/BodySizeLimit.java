package dev.sagashop.gateway;

import java.util.Optional;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/**
 * Refuses a request body over {@code sagashop.max-body-size} (64 KiB) with 413 before
 * anything else runs. A declared {@code Content-Length} is checked at once; a chunked
 * body is read up to the limit first (the API's bodies are small JSON documents). What
 * the client still sends is read and dropped (up to {@link #DRAINED_AT_MOST}) before the
 * 413 goes out: a connection closed with unread bytes is reset, and the client, still
 * writing its body, loses the answer (found by ApiFuzzIT: "Connection reset" instead of
 * 413 for a 70 KiB body).
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class BodySizeLimit implements WebFilter {

	/** Beyond this, a body is not worth reading to say it is too large. */
	static final long DRAINED_AT_MOST = 16L * 1024 * 1024;

	private final int maxBytes;

	BodySizeLimit(GatewayProperties properties) {
		this.maxBytes = (int) properties.maxBodySize().toBytes();
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		ServerHttpRequest request = exchange.getRequest();
		long declared = request.getHeaders().getContentLength();
		if (declared > this.maxBytes) {
			return tooLarge(exchange);
		}
		if (declared >= 0 || !request.getHeaders().containsHeader("Transfer-Encoding")) {
			return chain.filter(exchange);
		}
		return DataBufferUtils.join(request.getBody(), this.maxBytes)
			.map(Optional::of)
			.defaultIfEmpty(Optional.empty())
			.flatMap((body) -> chain.filter(exchange.mutate().request(new ServerHttpRequestDecorator(request) {

				@Override
				public Flux<DataBuffer> getBody() {
					return Flux.fromStream(body.stream());
				}

			}).build()))
			.onErrorResume(DataBufferLimitException.class, (ex) -> tooLarge(exchange));
	}

	private Mono<Void> tooLarge(ServerWebExchange exchange) {
		Mono<Void> drained = DataBufferUtils.takeUntilByteCount(exchange.getRequest().getBody(), DRAINED_AT_MOST)
			.doOnNext(DataBufferUtils::release)
			.then()
			.onErrorComplete();
		return drained.then(Problems.write(exchange, HttpStatus.CONTENT_TOO_LARGE, "Request body too large",
				"The request body is larger than " + this.maxBytes + " bytes."));
	}

}
