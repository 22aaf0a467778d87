package dev.sagashop.shipping.shipment;

import dev.sagashop.events.CancelShipment;
import dev.sagashop.events.Command;
import dev.sagashop.events.Reply;
import dev.sagashop.events.ScheduleShipment;
import dev.sagashop.events.Topics;
import dev.sagashop.platform.messaging.InboundMessages;
import dev.sagashop.platform.messaging.MessageCodec;

import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Takes the orchestrator's shipping commands from Kafka.
 */
@Component
class ShipmentCommands {

	private final InboundMessages inbound;

	private final Dispatcher dispatcher;

	ShipmentCommands(InboundMessages inbound, Dispatcher dispatcher) {
		this.inbound = inbound;
		this.dispatcher = dispatcher;
	}

	@KafkaListener(topics = Topics.SHIPPING_COMMANDS)
	void on(String message) {
		this.inbound.handleCommand(message, this::handle);
	}

	private Reply handle(Command command) {
		if (command instanceof ScheduleShipment schedule) {
			return this.dispatcher.schedule(schedule);
		}
		if (command instanceof CancelShipment cancel) {
			return this.dispatcher.cancel(cancel);
		}
		throw new MessageCodec.MalformedMessageException(
				command.getClass().getSimpleName() + " is no shipping command");
	}

}
