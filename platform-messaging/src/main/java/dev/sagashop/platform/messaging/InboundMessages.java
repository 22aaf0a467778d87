package dev.sagashop.platform.messaging;

import java.util.function.Consumer;
import java.util.function.Function;

import dev.sagashop.events.Command;
import dev.sagashop.events.Envelope;
import dev.sagashop.events.Reply;
import dev.sagashop.events.Topics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.slf4j.MDC;

import org.springframework.core.log.LogMessage;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Handles one consumed record: decodes it, and in one transaction records it in the inbox
 * and lets the handler act (its outgoing messages go through the {@link Outbox} of the
 * same transaction). A duplicate is acknowledged and ignored.
 */
public class InboundMessages {

	/**
	 * The key of the order id in the logging context (a field of every JSON log line).
	 */
	public static final String ORDER_ID = "orderId";

	private static final Log logger = LogFactory.getLog(InboundMessages.class);

	private final MessageCodec codec;

	private final Inbox inbox;

	private final TransactionTemplate transactions;

	private final Counter duplicates;

	private final Outbox outbox;

	public InboundMessages(MessageCodec codec, Inbox inbox, Outbox outbox, TransactionTemplate transactions,
			MeterRegistry meters) {
		this.codec = codec;
		this.inbox = inbox;
		this.outbox = outbox;
		this.transactions = transactions;
		this.duplicates = Counter.builder("sagashop.inbox.duplicates")
			.description("Messages received again and ignored")
			.register(meters);
	}

	/**
	 * Handles a record's value exactly once per message id.
	 * @param value the record's value
	 * @param handler what the message does
	 */
	public void handle(String value, Consumer<Envelope<?>> handler) {
		handle(this.codec.decode(value), false, handler);
	}

	/**
	 * Handles a saga command exactly once per message id and sends the participant's
	 * reply to the orchestrator in the same transaction as the command's effect. The
	 * handler runs holding the order's lock ({@link OrderLocks}), taken with the inbox
	 * row.
	 * @param value the record's value
	 * @param handler what the participant does; returns its reply
	 * @throws MessageCodec.MalformedMessageException when the message is no command
	 */
	public void handleCommand(String value, Function<Command, Reply> handler) {
		Envelope<?> envelope = this.codec.decode(value);
		if (!(envelope.payload() instanceof Command command)) {
			throw new MessageCodec.MalformedMessageException(envelope.type() + " is not a command");
		}
		handle(envelope, true, (received) -> {
			Reply reply = handler.apply(command);
			this.outbox.send(Topics.SAGA_REPLIES,
					Envelope.of(received.orderId(), received.messageId().toString(), reply));
		});
	}

	private void handle(Envelope<?> envelope, boolean lockOrder, Consumer<Envelope<?>> handler) {
		// Every log line written while handling it names the order (besides the trace).
		try (MDC.MDCCloseable order = MDC.putCloseable(ORDER_ID, String.valueOf(envelope.orderId()))) {
			this.transactions.executeWithoutResult((status) -> {
				boolean first = lockOrder ? this.inbox.firstDelivery(envelope.messageId(), envelope.orderId())
						: this.inbox.firstDelivery(envelope.messageId());
				if (first) {
					// Formatted only where debug is on: this runs for every message.
					logger.debug(LogMessage.format("Handling %s %s", envelope.type(), envelope.messageId()));
					handler.accept(envelope);
				}
				else {
					this.duplicates.increment();
					logger.info("Ignoring duplicate %s %s of order %s".formatted(envelope.type(), envelope.messageId(),
							envelope.orderId()));
				}
			});
		}
	}

}
