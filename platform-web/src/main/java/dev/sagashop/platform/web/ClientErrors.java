package dev.sagashop.platform.web;

import java.io.IOException;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.tomcat.util.http.InvalidParameterException;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Client errors that would otherwise not be answered as problem+json: a query whose
 * escapes are no UTF-8 (Tomcat throws when it is first read), and an {@code Accept} the
 * API cannot serve (Spring answers such a 406 with no body at all, since the problem
 * cannot be written in a type the client accepts; it is written anyway, as RFC 9110
 * allows).
 */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
class ClientErrors {

	@ExceptionHandler(InvalidParameterException.class)
	void malformedParameters(InvalidParameterException ex, HttpServletRequest request, HttpServletResponse response)
			throws IOException {
		ProblemResponses.write(response, 400, "Bad Request",
				"The query or form parameters cannot be read: their escapes are no UTF-8.", request.getRequestURI());
	}

	@ExceptionHandler(HttpMediaTypeNotAcceptableException.class)
	void notAcceptable(HttpMediaTypeNotAcceptableException ex, HttpServletRequest request, HttpServletResponse response)
			throws IOException {
		ProblemResponses.write(response, 406, "Not Acceptable",
				"The answer is JSON (application/json, errors application/problem+json); the request accepts neither.",
				request.getRequestURI());
	}

}
