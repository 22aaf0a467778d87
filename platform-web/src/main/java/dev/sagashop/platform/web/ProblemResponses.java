package dev.sagashop.platform.web;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import tools.jackson.databind.json.JsonMapper;

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

	static void write(HttpServletResponse response, int status, String title, String detail, HttpServletRequest request)
			throws IOException {
		response.setStatus(status);
		response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
		response.setCharacterEncoding(StandardCharsets.UTF_8.name());
		Map<String, Object> problem = new LinkedHashMap<>();
		problem.put("type", "about:blank");
		problem.put("title", title);
		problem.put("status", status);
		problem.put("detail", detail);
		problem.put("instance", request.getRequestURI());
		response.getWriter().write(JsonMapper.shared().writeValueAsString(problem));
	}

}
