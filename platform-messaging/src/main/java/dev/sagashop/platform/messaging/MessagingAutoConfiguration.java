package dev.sagashop.platform.messaging;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

import dev.sagashop.events.Topics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.TopicPartition;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.CommonErrorHandler;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.util.backoff.BackOff;
import org.springframework.util.backoff.ExponentialBackOff;
import org.springframework.util.backoff.FixedBackOff;

/**
 * Reliable messaging for a service: add the module and the {@code outbox} and
 * {@code inbox} tables (see any service's {@code V2__messaging.sql}).
 */
@AutoConfiguration
@EnableConfigurationProperties(MessagingProperties.class)
public class MessagingAutoConfiguration {

	private static final Log logger = LogFactory.getLog(MessagingAutoConfiguration.class);

	@Bean
	MessageCodec messageCodec(JsonMapper json) {
		return new MessageCodec(json);
	}

	@Bean
	TraceContexts traceContexts(ObjectProvider<ObservationRegistry> observations, ObjectProvider<Tracer> tracer,
			ObjectProvider<Propagator> propagator) {
		return new TraceContexts(observations.getIfAvailable(() -> ObservationRegistry.NOOP), tracer.getIfAvailable(),
				propagator.getIfAvailable());
	}

	@Bean
	OutboxRelay outboxRelay(KafkaTemplate<String, String> kafka, JdbcTemplate jdbc, TransactionTemplate transactions,
			MessagingProperties properties, MeterRegistry meters, TraceContexts traces) {
		return new OutboxRelay(kafka, jdbc, transactions, properties.sweepAfter(), meters, traces);
	}

	@Bean
	TransactionWrites transactionWrites(JdbcTemplate jdbc) {
		return new TransactionWrites(jdbc);
	}

	@Bean
	Outbox outbox(TransactionWrites writes, MessageCodec codec, OutboxRelay relay, TraceContexts traces) {
		return new Outbox(writes, codec, relay, traces);
	}

	@Bean
	Inbox inbox(JdbcTemplate jdbc) {
		return new Inbox(jdbc);
	}

	@Bean
	InboxPruner inboxPruner(JdbcTemplate jdbc, MessagingProperties properties) {
		return new InboxPruner(jdbc, properties.inboxRetention());
	}

	@Bean
	InboundMessages inboundMessages(MessageCodec codec, Inbox inbox, Outbox outbox, TransactionTemplate transactions,
			MeterRegistry meters) {
		return new InboundMessages(codec, inbox, outbox, transactions, meters);
	}

	/**
	 * The messages this service gave up on (on the dead-letter topics of the topics its
	 * listeners read), and what an admin decided about each.
	 */
	@Bean
	DeadLetters deadLetters(ConsumerFactory<String, String> consumers,
			ObjectProvider<KafkaListenerEndpointRegistry> listeners, JdbcClient jdbc, TransactionTemplate transactions,
			Outbox outbox, JsonMapper json) {
		return new DeadLetters(consumers, () -> consumedTopics(listeners.getIfAvailable()), jdbc, transactions, outbox,
				json);
	}

	private static List<String> consumedTopics(KafkaListenerEndpointRegistry registry) {
		if (registry == null) {
			return List.of();
		}
		return registry.getListenerContainers()
			.stream()
			.map((container) -> container.getContainerProperties().getTopics())
			.filter(Objects::nonNull)
			.flatMap(Stream::of)
			.distinct()
			.toList();
	}

	/**
	 * Retries a failing message a bounded number of times, then parks it on
	 * {@code <topic>.DLT}; a malformed message goes there at once.
	 */
	@Bean
	CommonErrorHandler deadLetteringErrorHandler(KafkaTemplate<String, String> kafka, MessagingProperties properties,
			MeterRegistry meters) {
		Counter deadLettered = Counter.builder("sagashop.messages.dead.lettered")
			.description("Messages given up on and sent to a dead-letter topic")
			.register(meters);
		DeadLetterPublishingRecoverer publisher = new DeadLetterPublishingRecoverer(kafka,
				(record, ex) -> new TopicPartition(record.topic() + ".DLT", -1));
		DefaultErrorHandler handler = new DefaultErrorHandler((record, ex) -> {
			deadLettered.increment();
			logger.error("Dead-lettering record %s-%d@%d (key %s) after it failed: %s".formatted(record.topic(),
					record.partition(), record.offset(), record.key(), rootMessage(ex)));
			publisher.accept(record, ex);
		}, new FixedBackOff(properties.retryInterval().toMillis(), properties.retries()));
		handler.addNotRetryableExceptions(MessageCodec.MalformedMessageException.class);
		// A database that is away (restarting, failed over) fails every message alike:
		// wait for it, backing off up to 5 s between tries, rather than dead-letter the
		// messages that arrive meanwhile.
		handler.setBackOffFunction((record, ex) -> DatabaseFailures.unreachable(ex) ? untilTheDatabaseIsBack() : null);
		return handler;
	}

	private static BackOff untilTheDatabaseIsBack() {
		ExponentialBackOff backOff = new ExponentialBackOff(500, 2);
		backOff.setMaxInterval(5_000);
		backOff.setMaxElapsedTime(Duration.ofMinutes(10).toMillis());
		return backOff;
	}

	@Bean
	KafkaAdmin.NewTopics sagaTopics(MessagingProperties properties) {
		// Their dead-letter topics too, so that reading them never waits for one to
		// exist.
		return new KafkaAdmin.NewTopics(Stream
			.of(Topics.PAYMENT_COMMANDS, Topics.INVENTORY_COMMANDS, Topics.SHIPPING_COMMANDS, Topics.SAGA_REPLIES)
			.flatMap((name) -> Stream.of(name, name + DeadLetters.SUFFIX))
			.map((name) -> TopicBuilder.name(name).partitions(properties.partitions()).build())
			.toArray(NewTopic[]::new));
	}

	private static String rootMessage(Throwable ex) {
		return OutboxRelay.rootCause(ex).toString();
	}

}
