package dev.sagashop.platform.web;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.server.resource.web.BearerTokenAuthenticationEntryPoint;
import org.springframework.security.oauth2.server.resource.web.access.BearerTokenAccessDeniedHandler;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;

/**
 * 401 and 403 as {@code application/problem+json}, with the {@code WWW-Authenticate}
 * header of RFC 6750 that Spring Security's bearer-token handlers set.
 */
final class ProblemResponses implements AuthenticationEntryPoint, AccessDeniedHandler {

	private final BearerTokenAuthenticationEntryPoint unauthenticated = new BearerTokenAuthenticationEntryPoint();

	private final BearerTokenAccessDeniedHandler denied = new BearerTokenAccessDeniedHandler();

	@Override
	public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException ex)
			throws IOException {
		this.unauthenticated.commence(request, response, ex);
		write(response, 401, "Unauthorized",
				"A valid bearer token from auth-server is required: " + reason(ex.getMessage()), request);
	}

	@Override
	public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException ex)
			throws IOException {
		this.denied.handle(request, response, ex);
		write(response, 403, "Forbidden", "The token's scopes do not allow this operation.", request);
	}

	private static String reason(String message) {
		return (message == null || message.isBlank()) ? "none was sent." : message;
	}

	static final String CONTENT_TYPE = MediaType.APPLICATION_PROBLEM_JSON_VALUE;

	static void write(HttpServletResponse response, int status, String title, String detail, HttpServletRequest request)
			throws IOException {
		write(response, status, title, detail, request.getRequestURI());
	}

	/** A problem titled after its status's reason phrase. */
	static void write(HttpServletResponse response, int status, String detail, String instance) throws IOException {
		write(response, status, title(status), detail, instance);
	}

	static void write(HttpServletResponse response, int status, String title, String detail, String instance)
			throws IOException {
		response.setStatus(status);
		response.setContentType(CONTENT_TYPE);
		response.setCharacterEncoding(StandardCharsets.UTF_8.name());
		response.getWriter().write(json(status, title, detail, instance));
	}

	static String json(int status, String detail, String instance) {
		return json(status, title(status), detail, instance);
	}

	private static String json(int status, String title, String detail, String instance) {
		Map<String, Object> problem = new LinkedHashMap<>();
		problem.put("type", "about:blank");
		problem.put("title", title);
		problem.put("status", status);
		problem.put("detail", detail);
		problem.put("instance", instance);
		return JsonMapper.shared().writeValueAsString(problem);
	}

	private static String title(int status) {
		HttpStatus known = HttpStatus.resolve(status);
		return (known != null) ? known.getReasonPhrase() : "Error";
	}

	/** What an error the container answered itself means, said without its internals. */
	static String detail(int status) {
		return switch (status) {
			case 400 -> "The request cannot be read: its target, parameters or headers are malformed.";
			case 404 -> "Nothing is found at this address.";
			case 405 -> "This method is not allowed here.";
			default -> (status >= 500) ? "An unexpected error; it has been logged." : title(status) + ".";
		};
	}

}
