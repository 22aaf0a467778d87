package dev.sagashop.testsupport;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import dev.sagashop.events.Envelope;
import dev.sagashop.events.Reply;
import dev.sagashop.events.Topics;
import dev.sagashop.platform.messaging.MessageCodec;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;

import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.KafkaTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Talks to a participant the way the orchestrator does, over the real broker: sends
 * command envelopes (also the same one twice, as a redelivery) and collects the replies
 * of an order.
 */
public final class SagaMessages implements AutoCloseable {

	private final KafkaTemplate<String, String> kafka;

	private final MessageCodec codec;

	private final Consumer<String, String> replies;

	private final List<ConsumerRecord<String, String>> received = new ArrayList<>();

	public SagaMessages(KafkaTemplate<String, String> kafka, ConsumerFactory<String, String> consumers,
			MessageCodec codec) {
		this.kafka = kafka;
		this.codec = codec;
		this.replies = consumers.createConsumer("saga-messages-" + UUID.randomUUID(), null);
		this.replies.subscribe(List.of(Topics.SAGA_REPLIES));
	}

	/**
	 * Sends an envelope to a topic and waits until the broker has it.
	 * @param topic the participant's command topic
	 * @param envelope the message; send the same instance again to simulate a redelivery
	 */
	public void send(String topic, Envelope<?> envelope) throws Exception {
		this.kafka.send(new ProducerRecord<>(topic, envelope.key(), this.codec.encode(envelope)))
			.get(30, TimeUnit.SECONDS);
	}

	/**
	 * Sends a message as written, keyed by its order.
	 * @param topic the participant's command topic
	 * @param orderId the order, the record's key
	 * @param json the envelope as JSON
	 */
	public void send(String topic, UUID orderId, String json) throws Exception {
		this.kafka.send(new ProducerRecord<>(topic, orderId.toString(), json)).get(30, TimeUnit.SECONDS);
	}

	/**
	 * Waits until the order has {@code count} replies and returns them in arrival order.
	 * @param orderId the order
	 * @param count how many replies to wait for
	 * @return the replies
	 */
	public List<Reply> awaitReplies(UUID orderId, int count) {
		return awaitReplyRecords(orderId, count).stream()
			.map((record) -> (Reply) this.codec.decode(record.value()).payload())
			.toList();
	}

	/**
	 * Waits until the order has {@code count} replies and returns them as the broker has
	 * them, in arrival order.
	 * @param orderId the order
	 * @param count how many replies to wait for
	 * @return the records
	 */
	public List<ConsumerRecord<String, String>> awaitReplyRecords(UUID orderId, int count) {
		await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
			for (ConsumerRecord<String, String> record : this.replies.poll(Duration.ofMillis(200))) {
				this.received.add(record);
			}
			assertThat(repliesOf(orderId)).hasSizeGreaterThanOrEqualTo(count);
		});
		return repliesOf(orderId);
	}

	private List<ConsumerRecord<String, String>> repliesOf(UUID orderId) {
		return this.received.stream().filter((record) -> orderId.toString().equals(record.key())).toList();
	}

	@Override
	public void close() {
		this.replies.close();
	}

}
