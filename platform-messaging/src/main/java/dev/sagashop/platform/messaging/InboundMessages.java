package dev.sagashop.platform.messaging;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Function;

import dev.sagashop.events.Command;
import dev.sagashop.events.Envelope;
import dev.sagashop.events.Reply;
import dev.sagashop.events.Topics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.MDC;

import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.kafka.support.KafkaUtils;
import org.springframework.kafka.support.micrometer.KafkaListenerObservation;
import org.springframework.kafka.support.micrometer.KafkaRecordReceiverContext;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Handles the records of one poll (a batch listener's list) in one transaction: records
 * them in the inbox with one statement, lets the handler act on each first delivery (its
 * outgoing messages go through the {@link Outbox} of the same transaction), and commits
 * once. A duplicate is acknowledged and ignored. Each record is handled in its own
 * observation continuing the trace its headers carry, so a checkout stays one trace.
 * <p>
 * When the batch fails (one bad record, a deadlock between two batches), it rolls back
 * and the records are taken again one per transaction: the ones before the failing record
 * commit, and the failing one is reported to the container's error handler by its index,
 * which retries it and then dead-letters it as it would a single record (ADR 31).
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

	private final Counter fallbacks;

	private final DistributionSummary batchSizes;

	private final Outbox outbox;

	private final ObservationRegistry observations;

	public InboundMessages(MessageCodec codec, Inbox inbox, Outbox outbox, TransactionTemplate transactions,
			MeterRegistry meters, ObservationRegistry observations) {
		this.codec = codec;
		this.inbox = inbox;
		this.outbox = outbox;
		this.transactions = transactions;
		this.observations = observations;
		this.duplicates = Counter.builder("sagashop.inbox.duplicates")
			.description("Messages received again and ignored")
			.register(meters);
		this.fallbacks = Counter.builder("sagashop.inbox.batch.fallbacks")
			.description("Polls whose transaction failed and whose records were taken again one at a time")
			.register(meters);
		this.batchSizes = DistributionSummary.builder("sagashop.inbox.batch.size")
			.description("Records handled in one transaction")
			.register(meters);
	}

	/**
	 * Handles a poll's records, each exactly once per message id.
	 * @param records the records of one poll
	 * @param handler what a message does
	 * @throws BatchListenerFailedException naming the record that failed on its own
	 */
	public void handle(List<ConsumerRecord<String, String>> records, Consumer<Envelope<?>> handler) {
		inTransactions(records, (envelopes) -> {
		}, handler);
	}

	/**
	 * Handles a poll's saga commands, each exactly once per message id, and sends the
	 * participant's reply to the orchestrator in the same transaction as the command's
	 * effect.
	 * @param records the records of one poll
	 * @param handler what the participant does; returns its reply
	 * @throws BatchListenerFailedException naming the record that failed on its own (a
	 * message that is no command among them)
	 */
	public void handleCommands(List<ConsumerRecord<String, String>> records, Function<Command, Reply> handler) {
		handleCommands(records, (commands) -> {
		}, handler);
	}

	/**
	 * Handles a poll's saga commands as {@link #handleCommands(List, Function)} does,
	 * letting the participant prepare for the transaction's commands first: a participant
	 * that locks rows per command locks every row the transaction's commands will lock,
	 * in one order, so that two transactions never wait on each other in a circle.
	 * @param records the records of one poll
	 * @param prepare what the participant does first, with the commands the transaction
	 * will handle (those not handled before), when there are several
	 * @param handler what the participant does; returns its reply
	 */
	public void handleCommands(List<ConsumerRecord<String, String>> records, Consumer<List<Command>> prepare,
			Function<Command, Reply> handler) {
		inTransactions(records, (envelopes) -> {
			List<Command> commands = envelopes.stream()
				.map(Envelope::payload)
				.filter(Command.class::isInstance)
				.map(Command.class::cast)
				.toList();
			if (commands.size() > 1) {
				prepare.accept(commands);
			}
		}, (received) -> {
			if (!(received.payload() instanceof Command command)) {
				throw new MessageCodec.MalformedMessageException(received.type() + " is not a command");
			}
			Reply reply = handler.apply(command);
			this.outbox.send(Topics.SAGA_REPLIES,
					Envelope.of(received.orderId(), received.messageId().toString(), reply));
		});
	}

	private void inTransactions(List<ConsumerRecord<String, String>> records, Consumer<List<Envelope<?>>> prepare,
			Consumer<Envelope<?>> handler) {
		if (records.size() > 1) {
			try {
				inOneTransaction(records, prepare, handler);
				return;
			}
			catch (RuntimeException ex) {
				this.fallbacks.increment();
				logger.warn("A poll of %d records failed in one transaction (%s); taking them one at a time"
					.formatted(records.size(), OutboxRelay.rootCause(ex)));
			}
		}
		for (int index = 0; index < records.size(); index++) {
			ConsumerRecord<String, String> record = records.get(index);
			try {
				inOneTransaction(List.of(record), prepare, handler);
			}
			catch (RuntimeException ex) {
				throw new BatchListenerFailedException(
						"Handling %s-%d@%d failed".formatted(record.topic(), record.partition(), record.offset()), ex,
						index);
			}
		}
	}

	private void inOneTransaction(List<ConsumerRecord<String, String>> records, Consumer<List<Envelope<?>>> prepare,
			Consumer<Envelope<?>> handler) {
		List<Envelope<?>> envelopes = new ArrayList<>(records.size());
		for (ConsumerRecord<String, String> record : records) {
			envelopes.add(this.codec.decode(record.value()));
		}
		this.transactions.executeWithoutResult((status) -> {
			Set<UUID> first = this.inbox.firstDeliveries(envelopes.stream().map(Envelope::messageId).toList());
			prepare.accept(envelopes.stream().filter((envelope) -> first.contains(envelope.messageId())).toList());
			for (int index = 0; index < records.size(); index++) {
				Envelope<?> envelope = envelopes.get(index);
				// A message twice in one poll is handled once.
				boolean firstDelivery = first.remove(envelope.messageId());
				observed(records.get(index), () -> handleOne(envelope, firstDelivery, handler));
			}
		});
		this.batchSizes.record(records.size());
	}

	private void handleOne(Envelope<?> envelope, boolean firstDelivery, Consumer<Envelope<?>> handler) {
		// Every log line written while handling it names the order (besides the trace).
		try (MDC.MDCCloseable order = MDC.putCloseable(ORDER_ID, String.valueOf(envelope.orderId()))) {
			if (firstDelivery) {
				logger.debug("Handling %s %s".formatted(envelope.type(), envelope.messageId()));
				handler.accept(envelope);
			}
			else {
				this.duplicates.increment();
				logger.info("Ignoring duplicate %s %s of order %s".formatted(envelope.type(), envelope.messageId(),
						envelope.orderId()));
			}
		}
	}

	/**
	 * Runs a record's work in the observation Spring Kafka makes around a record
	 * listener's call (the same name, tags and trace continued from the headers), which
	 * it does not make per record for a batch listener.
	 */
	private void observed(ConsumerRecord<String, String> record, Runnable work) {
		String group = KafkaUtils.getConsumerGroupId();
		KafkaListenerObservation.LISTENER_OBSERVATION
			.observation(null, KafkaListenerObservation.DefaultKafkaListenerObservationConvention.INSTANCE,
					() -> new KafkaRecordReceiverContext(record, (group != null) ? group : record.topic(), null, group,
							() -> null),
					this.observations)
			.observe(work);
	}

}
