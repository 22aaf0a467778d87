package dev.sagashop.inventory.stock;

import java.util.List;

import dev.sagashop.events.Command;
import dev.sagashop.events.ReleaseStock;
import dev.sagashop.events.Reply;
import dev.sagashop.events.ReserveStock;
import dev.sagashop.events.Topics;
import dev.sagashop.platform.messaging.InboundMessages;
import dev.sagashop.platform.messaging.MessageCodec;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Takes the orchestrator's stock commands from Kafka.
 */
@Component
class StockCommands {

	private final InboundMessages inbound;

	private final StockKeeper keeper;

	StockCommands(InboundMessages inbound, StockKeeper keeper) {
		this.inbound = inbound;
		this.keeper = keeper;
	}

	// A poll's commands in one transaction (ADR 31).
	@KafkaListener(topics = Topics.INVENTORY_COMMANDS, batch = "true")
	void on(List<ConsumerRecord<String, String>> records) {
		this.inbound.handleCommands(records, this.keeper::lockProductsFor, this::handle);
	}

	private Reply handle(Command command) {
		if (command instanceof ReserveStock reserve) {
			return this.keeper.reserve(reserve);
		}
		if (command instanceof ReleaseStock release) {
			return this.keeper.release(release);
		}
		throw new MessageCodec.MalformedMessageException(
				command.getClass().getSimpleName() + " is no inventory command");
	}

}
