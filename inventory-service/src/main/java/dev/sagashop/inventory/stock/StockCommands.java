package dev.sagashop.inventory.stock;

import dev.sagashop.events.Command;
import dev.sagashop.events.ReleaseStock;
import dev.sagashop.events.Reply;
import dev.sagashop.events.ReserveStock;
import dev.sagashop.events.Topics;
import dev.sagashop.platform.messaging.InboundMessages;
import dev.sagashop.platform.messaging.MessageCodec;

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

	@KafkaListener(topics = Topics.INVENTORY_COMMANDS)
	void on(String message) {
		this.inbound.handleCommand(message, this::handle);
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
