package dev.sagashop.orders.checkout;

import java.util.List;

import dev.sagashop.events.Topics;
import dev.sagashop.platform.messaging.InboundMessages;
import org.apache.kafka.clients.consumer.ConsumerRecord;

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

	// A poll's replies in one transaction (ADR 31).
	@KafkaListener(topics = Topics.SAGA_REPLIES, batch = "true")
	void onReplies(List<ConsumerRecord<String, String>> records) {
		this.inbound.handle(records, this.orchestrator::onReply);
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
