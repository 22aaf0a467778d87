package dev.sagashop.platform.web;

import java.io.IOException;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;

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
 * Media type headers that would otherwise break the answer:
 * <ul>
 * <li>a body's {@code Content-Type} names one media type, so {@code application/*} is a
 * 415 as any type the endpoint does not take (Spring MVC throws on a wildcard while
 * reading the header: a 500);</li>
 * <li>an {@code Accept} that cannot be parsed is disregarded, as RFC 9110 allows (Spring
 * MVC would answer an error with no body, finding no type the client accepts);</li>
 * <li>an {@code /api} request whose {@code Accept} takes no JSON is a 406 before anything
 * runs: Spring MVC finds out only when it writes the answer, after the change was made
 * and committed (ApiFuzzIT found a stock figure set by a request answered 406).</li>
 * </ul>
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
		List<MediaType> accepted = (accept != null) ? parse(accept) : null;
		if (accepted != null && request.getRequestURI().startsWith("/api/") && !takesJson(accepted)) {
			ProblemResponses.write(response, 406, "Not Acceptable",
					"Every answer is JSON (application/json, errors application/problem+json); 'Accept: %s' takes neither."
						.formatted(accept),
					request.getRequestURI());
			return;
		}
		chain.doFilter((accept != null && accepted == null) ? new WithoutAccept(request) : request, response);
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

	/** The types an {@code Accept} names; {@code null} when it cannot be parsed. */
	private static List<MediaType> parse(String accept) {
		try {
			return MediaType.parseMediaTypes(accept);
		}
		catch (InvalidMediaTypeException ex) {
			return null;
		}
	}

	private static boolean takesJson(List<MediaType> accepted) {
		return accepted.stream()
			.filter((type) -> type.getQualityValue() > 0)
			.anyMatch((type) -> type.isCompatibleWith(MediaType.APPLICATION_JSON)
					|| type.isCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
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
