package dev.sagashop.archfixture.orders;

import dev.sagashop.archfixture.payments.PaymentGatewayInternals;

/**
 * A deliberate violation: orders code calling payments code directly.
 */
public class LeakyCheckout {

	public boolean charge() {
		return new PaymentGatewayInternals().chargeCard();
	}

}
