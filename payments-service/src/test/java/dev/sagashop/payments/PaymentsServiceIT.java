package dev.sagashop.payments;

import java.util.UUID;

import dev.sagashop.payments.payment.CardToken;
import dev.sagashop.payments.payment.Payment;
import dev.sagashop.payments.payment.Payments;
import dev.sagashop.testsupport.RealInfrastructure;
import dev.sagashop.testsupport.ServiceInfrastructureContract;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

import static org.assertj.core.api.Assertions.assertThat;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@RealInfrastructure
class PaymentsServiceIT implements ServiceInfrastructureContract {

	@Override
	public String apiPath() {
		return "/api/payments?orderId=" + UUID.randomUUID();
	}

	@Autowired
	Payments payments;

	@Test
	void keepsAnOrdersLedgerInOrder() {
		UUID orderId = UUID.randomUUID();
		Payment charge = this.payments
			.save(Payment.charge(orderId, "it-alice", new CardToken("tok_visa"), 2899, "EUR"));
		this.payments.save(charge.refund());
		assertThat(this.payments.findByOrderIdOrderByCreatedAt(orderId)).extracting(Payment::getType)
			.containsExactly(Payment.Type.CHARGE, Payment.Type.REFUND);
	}

}
