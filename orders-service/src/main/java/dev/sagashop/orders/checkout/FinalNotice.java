package dev.sagashop.orders.checkout;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * The notice that an order's saga is final, as it travels in a PostgreSQL {@code NOTIFY}:
 * the order's id, then the order as the API shows it, when both fit.
 *
 * @param orderId the order
 * @param view the order as the API shows it (JSON), {@code null} when it did not fit in
 * the notice
 */
public record FinalNotice(UUID orderId, String view) {

	/**
	 * PostgreSQL refuses a notice of 8 000 bytes or more; a longer order is announced by
	 * its id alone.
	 */
	static final int MAX_BYTES = 7_900;

	private static final int ID_AND_SPACE = 37;

	/**
	 * The notice of an order, with its view when both fit.
	 * @param orderId the order
	 * @param view the order as the API shows it
	 * @return the notice
	 */
	static FinalNotice of(UUID orderId, String view) {
		// The id and a space are 37 ASCII bytes; only the view is measured, the payload
		// is built once, by payload().
		int bytes = ID_AND_SPACE + view.getBytes(StandardCharsets.UTF_8).length;
		return (bytes > MAX_BYTES) ? new FinalNotice(orderId, null) : new FinalNotice(orderId, view);
	}

	/**
	 * Reads a notice as {@link #payload()} wrote it.
	 * @param payload the notice's payload
	 * @return the notice
	 */
	static FinalNotice parse(String payload) {
		int space = payload.indexOf(' ');
		return (space < 0) ? new FinalNotice(UUID.fromString(payload), null)
				: new FinalNotice(UUID.fromString(payload.substring(0, space)), payload.substring(space + 1));
	}

	/** What the {@code NOTIFY} carries. */
	String payload() {
		return (this.view != null) ? this.orderId + " " + this.view : this.orderId.toString();
	}

}
