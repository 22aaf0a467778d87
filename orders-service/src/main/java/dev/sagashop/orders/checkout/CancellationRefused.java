package dev.sagashop.orders.checkout;

/**
 * The order cannot be cancelled; the API answers {@code 409} with this title and detail.
 */
public class CancellationRefused extends RuntimeException {

	private final String title;

	CancellationRefused(String title, String detail) {
		super(detail);
		this.title = title;
	}

	public String getTitle() {
		return this.title;
	}

}
