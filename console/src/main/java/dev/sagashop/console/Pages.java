package dev.sagashop.console;

import java.security.Principal;
import java.text.ParseException;
import java.util.List;

import com.nimbusds.jwt.JWTParser;
import jakarta.servlet.http.HttpServletRequest;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizedClientRepository;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.client.HttpServerErrorException;
import org.springframework.web.client.ResourceAccessException;

/**
 * What every page of the console has: who is signed in, and a page that says so when the
 * API cannot answer.
 */
@ControllerAdvice
class Pages {

	private static final Log logger = LogFactory.getLog(Pages.class);

	/** Who is signed in, for the header of every page. */
	@ModelAttribute("who")
	String who(Principal principal) {
		return (principal != null) ? principal.getName() : "";
	}

	private final OAuth2AuthorizedClientRepository clients;

	Pages(OAuth2AuthorizedClientRepository clients) {
		this.clients = clients;
	}

	/**
	 * Whether the signed-in person is an admin: whether the access token auth-server
	 * granted them has the admin scope. (Not the session's authorities: a token answer
	 * without its scopes would make those the scopes the console asked for.)
	 */
	@ModelAttribute("admin")
	boolean admin(Authentication authentication, HttpServletRequest request) {
		if (authentication == null) {
			return false;
		}
		OAuth2AuthorizedClient client = this.clients.loadAuthorizedClient(OrdersController.REGISTRATION, authentication,
				request);
		return client != null && scopes(client.getAccessToken().getTokenValue()).contains("admin");
	}

	/** The scopes a JWT access token carries, none when it is no JWT. */
	static List<String> scopes(String token) {
		try {
			Object scope = JWTParser.parse(token).getJWTClaimsSet().getClaim("scope");
			if (scope instanceof List<?> list) {
				return list.stream().map(String::valueOf).toList();
			}
			return (scope instanceof String text) ? List.of(text.split(" ")) : List.of();
		}
		catch (ParseException ex) {
			return List.of();
		}
	}

	/**
	 * The API did not answer, or answered with an error of its own: a page that says so
	 * (503), not a stack trace.
	 */
	@ExceptionHandler({ ResourceAccessException.class, HttpServerErrorException.class })
	@ResponseStatus(HttpStatus.SERVICE_UNAVAILABLE)
	String unavailable(Exception ex) {
		logger.warn("The API could not answer: " + ex.getMessage());
		return "unavailable";
	}

}
