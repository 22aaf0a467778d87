package dev.sagashop.console;

import java.security.Principal;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.http.HttpStatus;
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
