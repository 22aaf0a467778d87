package dev.sagashop.archfixture.payments;

/**
 * Payments code that another app must not call.
 */
public class PaymentGatewayInternals {

	public boolean chargeCard() {
		return true;
	}

}
