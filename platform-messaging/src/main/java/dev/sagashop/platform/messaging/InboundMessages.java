package dev.sagashop.platform.messaging;

import java.util.function.Consumer;

import dev.sagashop.events.Envelope;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.transaction.support.TransactionTemplate;

/**
 * Handles one consumed record: decodes it, and in one transaction records it in the inbox
 * and lets the handler act (its outgoing messages go through the {@link Outbox} of the
 * same transaction). A duplicate is acknowledged and ignored.
 */
public class InboundMessages {

	private static final Log logger = LogFactory.getLog(InboundMessages.class);

	private final MessageCodec codec;

	private final Inbox inbox;

	private final TransactionTemplate transactions;

	private final Counter duplicates;

	public InboundMessages(MessageCodec codec, Inbox inbox, TransactionTemplate transactions, MeterRegistry meters) {
		this.codec = codec;
		this.inbox = inbox;
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
		Envelope<?> envelope = this.codec.decode(value);
		this.transactions.executeWithoutResult((status) -> {
			if (this.inbox.firstDelivery(envelope.messageId())) {
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
