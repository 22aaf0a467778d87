package dev.sagashop.payments.payment;

import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * The ledger's rules: the card sandbox decides a charge, only a succeeded charge is
 * refunded, and in full.
 */
class PaymentTest {

	private static final UUID ORDER = UUID.randomUUID();

	@ParameterizedTest(name = "{0}: {1}")
	@CsvSource({ "tok_visa, true", "tok_mastercard, true", "tok_, true", "tok_chargeDeclined, false",
			"tok_chargedeclined, true", "visa, false", "'', false", "TOK_visa, false" })
	void theCardSandboxAcceptsEveryTokenButTheDeclinedOne(String token, boolean accepted) {
		assertThat(new CardToken(token).isAccepted()).isEqualTo(accepted);
	}

	@Test
	void aChargeOnAnAcceptedCardSucceeds() {
		Payment charge = Payment.charge(ORDER, "alice", new CardToken("tok_visa"), 2899, "EUR");
		assertThat(charge.getType()).isEqualTo(Payment.Type.CHARGE);
		assertThat(charge.getStatus()).isEqualTo(Payment.Status.SUCCEEDED);
		assertThat(charge.isSucceededCharge()).isTrue();
		assertThat(charge)
			.extracting(Payment::getOrderId, Payment::getCustomerId, Payment::getAmount, Payment::getCurrency)
			.containsExactly(ORDER, "alice", 2899L, "EUR");
	}

	@Test
	void aChargeOnTheDeclinedCardIsWrittenDeclined() {
		Payment charge = Payment.charge(ORDER, "alice", new CardToken(CardToken.DECLINED), 2899, "EUR");
		assertThat(charge.getStatus()).isEqualTo(Payment.Status.DECLINED);
		assertThat(charge.isSucceededCharge()).isFalse();
	}

	@Test
	void aRefundGivesBackTheWholeChargeToTheSameCustomer() {
		Payment charge = Payment.charge(ORDER, "alice", new CardToken("tok_visa"), 2899, "EUR");
		Payment refund = charge.refund();
		assertThat(refund.getType()).isEqualTo(Payment.Type.REFUND);
		assertThat(refund.getStatus()).isEqualTo(Payment.Status.SUCCEEDED);
		assertThat(refund.getId()).isNotEqualTo(charge.getId());
		assertThat(refund)
			.extracting(Payment::getOrderId, Payment::getCustomerId, Payment::getAmount, Payment::getCurrency)
			.containsExactly(ORDER, "alice", 2899L, "EUR");
		assertThat(refund.isSucceededCharge()).isFalse();
	}

	@Test
	void nothingButASucceededChargeCanBeRefunded() {
		Payment declined = Payment.charge(ORDER, "alice", new CardToken(CardToken.DECLINED), 2899, "EUR");
		assertThatIllegalStateException().isThrownBy(declined::refund).withMessageContaining("DECLINED CHARGE");
		Payment refund = Payment.charge(ORDER, "alice", new CardToken("tok_visa"), 2899, "EUR").refund();
		assertThatIllegalStateException().isThrownBy(refund::refund).withMessageContaining("SUCCEEDED REFUND");
	}

	@Test
	void anAmountIsNeverNegative() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> Payment.charge(ORDER, "alice", new CardToken("tok_visa"), -1, "EUR"))
			.withMessageContaining("-1");
	}

}
