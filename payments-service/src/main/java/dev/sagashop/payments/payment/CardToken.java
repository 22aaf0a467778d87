package dev.sagashop.payments.payment;

import java.util.Objects;

/**
 * The card a customer pays with, as a token of the card sandbox. The sandbox answers as
 * common payment sandboxes do: {@code tok_chargeDeclined} is declined, any other
 * {@code tok_*} is accepted, and what is not a {@code tok_} token is no card at all, so
 * it is declined too.
 *
 * @param value the token as the order carried it
 */
public record CardToken(String value) {

	/** The sandbox's card that is always declined. */
	public static final String DECLINED = "tok_chargeDeclined";

	private static final String PREFIX = "tok_";

	public CardToken {
		Objects.requireNonNull(value, "value");
	}

	/** Whether the sandbox accepts a charge on this card. */
	public boolean isAccepted() {
		return this.value.startsWith(PREFIX) && !DECLINED.equals(this.value);
	}

}
