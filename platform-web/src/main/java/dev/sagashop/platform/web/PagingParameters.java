package dev.sagashop.platform.web;

import java.util.regex.Pattern;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpStatus;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.HandlerInterceptor;

/**
 * Refuses paging parameters that Spring Data would otherwise quietly replace by its
 * defaults: {@code page} is an integer from 0, {@code size} an integer from 1 to 100, and
 * each {@code sort} a property, optionally followed by {@code ,asc} or {@code ,desc}
 * (which properties, each service says).
 */
final class PagingParameters implements HandlerInterceptor {

	static final int MAX_SIZE = 100;

	private static final Pattern SORT = Pattern.compile("[A-Za-z][A-Za-z0-9]*(,(asc|desc|ASC|DESC))?");

	@Override
	public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
		check(request.getParameter("page"), "page", 0, Integer.MAX_VALUE);
		check(request.getParameter("size"), "size", 1, MAX_SIZE);
		String[] sorts = request.getParameterValues("sort");
		for (String sort : (sorts != null) ? sorts : new String[0]) {
			if (!SORT.matcher(sort).matches()) {
				throw new ResponseStatusException(HttpStatus.BAD_REQUEST,
						"'sort' is a property, optionally followed by ',asc' or ',desc', was '%s'".formatted(sort));
			}
		}
		return true;
	}

	private static void check(String value, String name, int min, int max) {
		if (value == null) {
			return;
		}
		long number;
		try {
			number = Long.parseLong(value);
		}
		catch (NumberFormatException ex) {
			number = Long.MIN_VALUE;
		}
		if (number < min || number > max) {
			throw new ResponseStatusException(HttpStatus.BAD_REQUEST,
					"'%s' must be an integer from %d to %d, was '%s'".formatted(name, min, max, value));
		}
	}

}
