package dev.sagashop.platform.web;

import java.io.IOException;
import java.util.Collections;
import java.util.Enumeration;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Media type headers that would otherwise break the answer: a body's {@code Content-Type}
 * names one media type, so {@code application/*} is a 415 as any type the endpoint does
 * not take (Spring MVC throws on a wildcard while reading the header: a 500); and an
 * {@code Accept} that cannot be parsed is disregarded, as RFC 9110 allows (Spring MVC
 * would answer an error with no body, finding no type the client accepts).
 */
final class MediaTypeHeaders extends OncePerRequestFilter {

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String contentType = request.getContentType();
		if (contentType != null && wildcard(contentType)) {
			ProblemResponses.write(response, 415, "Unsupported Media Type",
					"Content-Type '%s' names no single media type; send application/json.".formatted(contentType),
					request.getRequestURI());
			return;
		}
		String accept = request.getHeader(HttpHeaders.ACCEPT);
		chain.doFilter((accept != null && !parses(accept)) ? new WithoutAccept(request) : request, response);
	}

	private static boolean wildcard(String contentType) {
		try {
			MediaType type = MediaType.parseMediaType(contentType);
			return type.isWildcardType() || type.isWildcardSubtype();
		}
		catch (InvalidMediaTypeException ex) {
			return false; // Spring MVC answers 415 to what it cannot parse
		}
	}

	private static boolean parses(String accept) {
		try {
			MediaType.parseMediaTypes(accept);
			return true;
		}
		catch (InvalidMediaTypeException ex) {
			return false;
		}
	}

	private static final class WithoutAccept extends HttpServletRequestWrapper {

		WithoutAccept(HttpServletRequest request) {
			super(request);
		}

		@Override
		public String getHeader(String name) {
			return HttpHeaders.ACCEPT.equalsIgnoreCase(name) ? null : super.getHeader(name);
		}

		@Override
		public Enumeration<String> getHeaders(String name) {
			return HttpHeaders.ACCEPT.equalsIgnoreCase(name) ? Collections.emptyEnumeration() : super.getHeaders(name);
		}

		@Override
		public Enumeration<String> getHeaderNames() {
			return Collections.enumeration(Collections.list(super.getHeaderNames())
				.stream()
				.filter((name) -> !HttpHeaders.ACCEPT.equalsIgnoreCase(name))
				.toList());
		}

	}

}
