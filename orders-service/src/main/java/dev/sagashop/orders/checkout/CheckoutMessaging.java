package dev.sagashop.orders.checkout;

import dev.sagashop.events.Topics;
import dev.sagashop.platform.messaging.InboundMessages;

import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Feeds the orchestrator: participants' replies from Kafka, and sagas due to wake.
 */
@Component
class CheckoutMessaging {

	private static final int DEADLINE_BATCH = 100;

	private final InboundMessages inbound;

	private final CheckoutOrchestrator orchestrator;

	CheckoutMessaging(InboundMessages inbound, CheckoutOrchestrator orchestrator) {
		this.inbound = inbound;
		this.orchestrator = orchestrator;
	}

	@KafkaListener(topics = Topics.SAGA_REPLIES)
	void onReply(String message) {
		this.inbound.handle(message, this.orchestrator::onReply);
	}

	@Scheduled(fixedDelayString = "${sagashop.checkout.deadline-scan-interval:1s}")
	void wakeDue() {
		int handled;
		do {
			handled = this.orchestrator.wakeDue(DEADLINE_BATCH);
		}
		while (handled == DEADLINE_BATCH);
	}

}
