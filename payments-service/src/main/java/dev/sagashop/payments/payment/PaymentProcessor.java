package dev.sagashop.payments.payment;

import java.util.Optional;

import dev.sagashop.events.ChargePayment;
import dev.sagashop.events.PaymentCharged;
import dev.sagashop.events.PaymentDeclined;
import dev.sagashop.events.PaymentRefunded;
import dev.sagashop.events.RefundPayment;
import dev.sagashop.events.Reply;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Charges and refunds, one ledger row each, never twice for an order; the card sandbox
 * ({@link CardToken}) decides whether a charge succeeds.
 */
@Service
public class PaymentProcessor {

	private static final Log logger = LogFactory.getLog(PaymentProcessor.class);

	private final Payments payments;

	PaymentProcessor(Payments payments) {
		this.payments = payments;
	}

	/**
	 * Charges the order once; a repeated command answers as the first did. A charge for
	 * an order already refunded (its tombstone) is declined: the saga gave up on it.
	 * @param command the charge
	 * @return the reply
	 */
	@Transactional(propagation = Propagation.MANDATORY)
	public Reply charge(ChargePayment command) {
		this.payments.lockOrder(command.orderId());
		Payments.Ledger ledger = this.payments.ledgerOf(command.orderId());
		Optional<Payment> earlier = ledger.find(Payment.Type.CHARGE);
		if (earlier.isPresent()) {
			return replyTo(earlier.get());
		}
		if (ledger.tombstoned()) {
			logger.warn("Refusing late charge of order %s: it was refunded before".formatted(command.orderId()));
			return new PaymentDeclined(command.orderId(), "The order was cancelled before the charge arrived");
		}
		Payment charge = this.payments.save(Payment.charge(command.orderId(), command.customerId(),
				new CardToken(command.cardToken()), command.amount(), command.currency()));
		logger.info("Charge of order %s: %s %d %s".formatted(command.orderId(), charge.getStatus(), command.amount(),
				command.currency()));
		return replyTo(charge);
	}

	/**
	 * Refunds a succeeded charge once. With no charge yet, leaves a tombstone so that a
	 * late charge is refused, and refunds nothing.
	 * @param command the refund
	 * @return the reply
	 */
	@Transactional(propagation = Propagation.MANDATORY)
	public Reply refund(RefundPayment command) {
		this.payments.lockOrder(command.orderId());
		Payments.Ledger ledger = this.payments.ledgerOf(command.orderId());
		Optional<Payment> refund = ledger.find(Payment.Type.REFUND);
		if (refund.isPresent()) {
			return new PaymentRefunded(command.orderId(), refund.get().getAmount());
		}
		Optional<Payment> charge = ledger.find(Payment.Type.CHARGE).filter(Payment::isSucceededCharge);
		if (charge.isEmpty()) {
			this.payments.tombstone(command.orderId());
			logger.info(
					"Refund of order %s: nothing was charged; later charges are refused".formatted(command.orderId()));
			return new PaymentRefunded(command.orderId(), 0);
		}
		Payment refunded = this.payments.save(charge.get().refund());
		logger.info(
				"Refund of order %s: %d %s".formatted(command.orderId(), refunded.getAmount(), refunded.getCurrency()));
		return new PaymentRefunded(command.orderId(), refunded.getAmount());
	}

	private static Reply replyTo(Payment charge) {
		return charge.isSucceededCharge() ? new PaymentCharged(charge.getOrderId(), charge.getId(), charge.getAmount())
				: new PaymentDeclined(charge.getOrderId(), "The card was declined");
	}

}
