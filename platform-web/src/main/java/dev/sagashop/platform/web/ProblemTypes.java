package dev.sagashop.platform.web;

import java.net.URI;

import org.springframework.core.MethodParameter;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.ResponseBodyAdvice;

/**
 * Gives every problem body a {@code type}, as the contract asks: Spring Framework 7
 * leaves a problem's type unset, and its JSON then has none, where RFC 9457's default is
 * {@code about:blank} (the value the gateway and the 401/403 bodies send).
 */
@ControllerAdvice
class ProblemTypes implements ResponseBodyAdvice<Object> {

	static final URI BLANK = URI.create("about:blank");

	@Override
	public boolean supports(MethodParameter returnType, Class<? extends HttpMessageConverter<?>> converterType) {
		return true;
	}

	@Override
	public Object beforeBodyWrite(Object body, MethodParameter returnType, MediaType contentType,
			Class<? extends HttpMessageConverter<?>> converterType, ServerHttpRequest request,
			ServerHttpResponse response) {
		if (body instanceof ProblemDetail problem && problem.getType() == null) {
			problem.setType(BLANK);
		}
		return body;
	}

}
