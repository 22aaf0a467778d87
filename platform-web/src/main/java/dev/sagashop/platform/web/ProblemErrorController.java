package dev.sagashop.platform.web;

import java.io.IOException;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.RequestMapping;

/**
 * The container's error page ({@code /error}, where an error the application did not
 * answer itself lands) as problem+json, whatever the request accepts: Spring Boot's own
 * answers {@code application/json} in its own shape, or nothing at all.
 */
@Controller
@RequestMapping("${server.error.path:${error.path:/error}}")
class ProblemErrorController implements ErrorController {

	@RequestMapping
	void error(HttpServletRequest request, HttpServletResponse response) throws IOException {
		Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
		int status = (code instanceof Integer number && number >= 400) ? number : 500;
		Object uri = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
		ProblemResponses.write(response, status, ProblemResponses.detail(status),
				(uri != null) ? uri.toString() : request.getRequestURI());
	}

}
