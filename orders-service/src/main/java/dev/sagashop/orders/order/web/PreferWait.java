package dev.sagashop.orders.order.web;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code wait} preference of RFC 7240 ({@code Prefer: wait=N}): how long a client
 * will wait for the order to settle before it takes a {@code 202}, at most {@link #MAX}.
 */
final class PreferWait {

	/** The longest wait granted. */
	static final Duration MAX = Duration.ofSeconds(30);

	private static final Pattern WAIT = Pattern.compile("(?:^|[,;\\s])wait\\s*=\\s*(\\d{1,6})(?:$|[,;\\s])");

	private PreferWait() {
	}

	/**
	 * The wait a {@code Prefer} header asks for.
	 * @param prefer the header's value, or {@code null} without one
	 * @return the wait, capped at {@link #MAX}; zero when none is asked for (or none can
	 * be read)
	 */
	static Duration requested(String prefer) {
		if (prefer == null) {
			return Duration.ZERO;
		}
		Matcher matcher = WAIT.matcher(prefer);
		if (!matcher.find()) {
			return Duration.ZERO;
		}
		Duration asked = Duration.ofSeconds(Long.parseLong(matcher.group(1)));
		return (asked.compareTo(MAX) > 0) ? MAX : asked;
	}

	/**
	 * The {@code Preference-Applied} value for a wait, {@code null} when none applies.
	 * @param wait the wait granted
	 * @return e.g. {@code wait=10}
	 */
	static String applied(Duration wait) {
		return wait.isZero() ? null : "wait=" + wait.toSeconds();
	}

}
