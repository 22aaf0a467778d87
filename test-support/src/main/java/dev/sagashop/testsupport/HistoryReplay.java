package dev.sagashop.testsupport;

import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import javax.sql.DataSource;

import dev.sagashop.events.History;
import dev.sagashop.platform.messaging.MessageCodec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.KafkaTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Replays a participant's command topic as the real system wrote it (common-events'
 * history/v1, ADR 26) into the participant's database, which has never seen those orders:
 * every record delivered twice in a row, then the whole topic once more, as a consumer
 * that lost its offsets would read it. The participant must end with the rows the real
 * system's had, and have answered each order as the real one did. A participant's
 * {@code HistoryReplayIT} implements it ({@code @SpringBootTest} with
 * {@link RealInfrastructure}).
 */
public interface HistoryReplay {

	/**
	 * Whose history it replays.
	 * @return {@code payments}, {@code inventory} or {@code shipping}
	 */
	String participant();

	/**
	 * Where the participant reads its commands.
	 * @return its command topic
	 */
	String commandTopic();

	@Test
	default void replaysItsRecordedCommandsToTheSameRowsAndReplies(@Autowired KafkaTemplate<String, String> kafka,
			@Autowired ConsumerFactory<String, String> consumers, @Autowired MessageCodec codec,
			@Autowired DataSource database) throws Exception {
		String participant = participant();
		History.Recorded history = History.read();
		List<History.Message> commands = history.on(commandTopic());
		assertThat(commands).as("recorded commands on %s", commandTopic()).isNotEmpty();
		try (Connection connection = database.getConnection()) {
			assertThat(History.state(connection, participant, history.orderIds()))
				.as("%s's rows of the recorded orders before the replay", participant)
				.isEmpty();
			History.seed(connection, participant, history);
		}
		try (SagaMessages messages = new SagaMessages(kafka, consumers, codec)) {
			for (History.Message command : commands) {
				send(messages, command);
				send(messages, command);
			}
			for (History.Message command : commands) {
				send(messages, command);
			}
			await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
				try (Connection connection = database.getConnection()) {
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
					.collapsed(replies.stream().map((record) -> codec.decode(record.value()).type()).toList()))
					.as("%s's replies to order %s (%s)", participant, order, history.orders().get(order.toString()))
					.isEqualTo(recorded);
			}
		}
	}

	private void send(SagaMessages messages, History.Message command) throws Exception {
		messages.send(commandTopic(), UUID.fromString(command.key()), command.value());
	}

}
