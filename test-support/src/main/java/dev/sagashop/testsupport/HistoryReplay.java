package dev.sagashop.testsupport;

import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import javax.sql.DataSource;

import dev.sagashop.events.History;
import dev.sagashop.platform.messaging.MessageCodec;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.KafkaTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Replays a participant's command topic as the real system wrote it (common-events'
 * history/v1, ADR 26) into the participant's database, which has never seen those orders:
 * every record delivered twice in a row, then the whole topic once more, as a consumer
 * that lost its offsets would read it. The participant must end with the rows the real
 * system's had, and have answered each order as the real one did.
 */
public final class HistoryReplay {

	private final KafkaTemplate<String, String> kafka;

	private final ConsumerFactory<String, String> consumers;

	private final MessageCodec codec;

	private final DataSource database;

	public HistoryReplay(KafkaTemplate<String, String> kafka, ConsumerFactory<String, String> consumers,
			MessageCodec codec, DataSource database) {
		this.kafka = kafka;
		this.consumers = consumers;
		this.codec = codec;
		this.database = database;
	}

	/**
	 * Replays and checks.
	 * @param participant {@code payments}, {@code inventory} or {@code shipping}
	 * @param topic its command topic
	 * @throws Exception when the broker or the database fails
	 */
	public void replay(String participant, String topic) throws Exception {
		History.Recorded history = History.read();
		List<History.Message> commands = history.on(topic);
		assertThat(commands).as("recorded commands on %s", topic).isNotEmpty();
		try (Connection connection = this.database.getConnection()) {
			assertThat(History.state(connection, participant, history.orderIds()))
				.as("%s's rows of the recorded orders before the replay", participant)
				.isEmpty();
			History.seed(connection, participant, history);
		}
		try (SagaMessages messages = new SagaMessages(this.kafka, this.consumers, this.codec)) {
			for (History.Message command : commands) {
				send(messages, topic, command);
				send(messages, topic, command);
			}
			for (History.Message command : commands) {
				send(messages, topic, command);
			}
			await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
				try (Connection connection = this.database.getConnection()) {
					assertThat(History.state(connection, participant, history.orderIds()))
						.as("%s's rows after the replay, against the real system's", participant)
						.containsExactlyElementsOf(history.state().get(participant));
				}
			});
			for (UUID order : history.orderIds()) {
				List<String> recorded = History.collapsed(history.messages()
					.stream()
					.filter((message) -> message.key().equals(order.toString()))
					.map(History.Message::type)
					.filter((type) -> type.startsWith(History.repliesOf(participant)))
					.toList());
				if (recorded.isEmpty()) {
					continue;
				}
				List<ConsumerRecord<String, String>> replies = messages.awaitReplyRecords(order, recorded.size());
				assertThat(History
					.collapsed(replies.stream().map((record) -> this.codec.decode(record.value()).type()).toList()))
					.as("%s's replies to order %s (%s)", participant, order, history.orders().get(order.toString()))
					.isEqualTo(recorded);
			}
		}
	}

	private static void send(SagaMessages messages, String topic, History.Message command) throws Exception {
		messages.send(topic, UUID.fromString(command.key()), command.value());
	}

}
