package dev.sagashop.payments.payment;

import dev.sagashop.events.ChargePayment;
import dev.sagashop.events.Command;
import dev.sagashop.events.RefundPayment;
import dev.sagashop.events.Reply;
import dev.sagashop.events.Topics;
import dev.sagashop.platform.messaging.InboundMessages;
import dev.sagashop.platform.messaging.MessageCodec;

import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Takes the orchestrator's payment commands from Kafka.
 */
@Component
class PaymentCommands {

	private final InboundMessages inbound;

	private final PaymentProcessor processor;

	PaymentCommands(InboundMessages inbound, PaymentProcessor processor) {
		this.inbound = inbound;
		this.processor = processor;
	}

	@KafkaListener(topics = Topics.PAYMENT_COMMANDS)
	void on(String message) {
		this.inbound.handleCommand(message, this::handle);
	}

	private Reply handle(Command command) {
		if (command instanceof ChargePayment charge) {
			return this.processor.charge(charge);
		}
		if (command instanceof RefundPayment refund) {
			return this.processor.refund(refund);
		}
		throw new MessageCodec.MalformedMessageException(
				command.getClass().getSimpleName() + " is no payments command");
	}

}
