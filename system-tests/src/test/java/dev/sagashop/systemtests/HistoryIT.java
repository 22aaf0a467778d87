package dev.sagashop.systemtests;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

import dev.sagashop.events.History;
import dev.sagashop.events.Topics;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The saga's recorded history (common-events' history/v1, ADR 26), which each participant
 * replays into a fresh database: orders of every outcome placed on the real stack, every
 * record the saga topics carried for them, and each participant's rows afterwards. This
 * test places the same orders again and checks that the system still writes that history
 * (the same messages per order and topic, the same rows); with
 * {@code -Dsagashop.history.update=true} it records it anew.
 */
@ExtendWith(SharedStack.class)
class HistoryIT {

	static final Sagashop sagashop = new Sagashop();

	static final Shop shop = new Shop(sagashop);

	static final Path FILE = Path.of("../common-events/src/test/resources", History.DIRECTORY, "history.json");

	static final int STOCK = 5;

	@Test
	void theSystemStillWritesTheRecordedHistory() throws Exception {
		String sku = shop.newProduct(1250, STOCK);
		Map<String, String> orders = new LinkedHashMap<>();
		orders.put(placed(sku, 2, "tok_visa", "DE", "CONFIRMED"), "confirmed");
		orders.put(placed(sku, 1, "tok_chargeDeclined", "DE", "REJECTED"), "declined");
		orders.put(placed(sku, STOCK + 1, "tok_visa", "DE", "REJECTED"), "out-of-stock");
		orders.put(placed(sku, 1, "tok_visa", "AQ", "REJECTED"), "shipping-refused");
		String cancelled = placed(sku, 1, "tok_visa", "DE", "CONFIRMED");
		assertThat(shop.cancel(UUID.fromString(cancelled), "alice", "Prefer", "wait=20").statusCode()).isEqualTo(200);
		assertThat(shop.awaitFinal(UUID.fromString(cancelled)).get("status").asString()).isEqualTo("CANCELLED");
		orders.put(cancelled, "cancelled");
		List<UUID> ids = orders.keySet().stream().map(UUID::fromString).toList();

		Rows.quiet(sagashop);
		Map<String, List<String>> state = new LinkedHashMap<>();
		for (String participant : History.PARTICIPANTS) {
			try (Connection database = DriverManager.getConnection(sagashop.jdbcUrl(participant), participant,
					participant)) {
				state.put(participant, History.state(database, participant, ids));
			}
		}
		History.Recorded live = new History.Recorded(orders, Map.of(sku, STOCK), records(orders), state);
		assertEveryJournalNamesWhatTheTopicsCarried(live);
		if (Boolean.getBoolean("sagashop.history.update")) {
			Files.createDirectories(FILE.getParent());
			Files.writeString(FILE, live.toJson(), StandardCharsets.UTF_8);
			return;
		}
		assertThat(outline(live))
			.as("what the system wrote for orders of every outcome, against %s "
					+ "(a deliberate change: record it with -Dsagashop.history.update=true, and keep the old "
					+ "history replaying: ADR 26)", FILE)
			.containsExactlyElementsOf(outline(History.read()));
	}

	/**
	 * An order's saga journal (ADR 28) names exactly the commands the topics carried for
	 * it and the replies they brought back, by message id.
	 */
	private static void assertEveryJournalNamesWhatTheTopicsCarried(History.Recorded live) throws Exception {
		for (Map.Entry<String, String> order : live.orders().entrySet()) {
			Set<String> sent = new TreeSet<>();
			Set<String> read = new TreeSet<>();
			shop.get("/api/orders/" + order.getKey() + "/journal").get("entries").forEach((entry) -> {
				String message = entry.get("topic").asString("") + " " + entry.get("type").asString("") + " "
						+ entry.get("messageId").asString("");
				switch (entry.get("kind").asString()) {
					case "SENT", "RESENT" -> sent.add(message);
					case "RECEIVED", "IGNORED" -> read.add(message);
					default -> {
					}
				}
			});
			Set<String> commands = new TreeSet<>();
			Set<String> replies = new TreeSet<>();
			live.messages()
				.stream()
				.filter((message) -> message.key().equals(order.getKey()))
				.forEach((message) -> (message.topic().equals(Topics.SAGA_REPLIES) ? replies : commands)
					.add(message.topic() + " " + message.type() + " " + message.messageId()));
			assertThat(sent).as("the commands the journal of the %s order %s names", order.getValue(), order.getKey())
				.isEqualTo(commands);
			assertThat(read).as("the replies the journal of the %s order %s names", order.getValue(), order.getKey())
				.isEqualTo(replies);
		}
	}

	private static String placed(String sku, int quantity, String cardToken, String country, String status)
			throws Exception {
		UUID id = shop.order(sku, quantity, cardToken, country);
		assertThat(shop.awaitFinal(id).get("status").asString()).as("order %s", id).isEqualTo(status);
		return id.toString();
	}

	/** Every record of these orders on the saga topics, per topic in offset order. */
	private static List<History.Message> records(Map<String, String> orders) {
		Properties config = new Properties();
		config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, "localhost:" + sagashop.port(9092));
		config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
		config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
		List<History.Message> messages = new ArrayList<>();
		try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config)) {
			for (String topic : Topics.messages().keySet()) {
				List<TopicPartition> partitions = new ArrayList<>();
				for (PartitionInfo partition : consumer.partitionsFor(topic)) {
					partitions.add(new TopicPartition(topic, partition.partition()));
				}
				consumer.assign(partitions);
				consumer.seekToBeginning(partitions);
				Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
				List<ConsumerRecord<String, String>> read = new ArrayList<>();
				while (partitions.stream().anyMatch((partition) -> consumer.position(partition) < end.get(partition))) {
					consumer.poll(Duration.ofMillis(500)).forEach(read::add);
				}
				read.stream()
					.filter((record) -> orders.containsKey(record.key()))
					.sorted(Comparator.comparingInt(ConsumerRecord<String, String>::partition)
						.thenComparingLong(ConsumerRecord::offset))
					.forEach((record) -> messages.add(new History.Message(topic, record.key(), record.value())));
			}
		}
		return messages;
	}

	/**
	 * A history without what differs between two runs: per topic and order (by its
	 * scenario), the types of its messages, a command sent again counted once (the
	 * replies sorted, since compensations answer in any order); the rows, sorted, with
	 * each order's id and the product's sku replaced by names, and the carrier (which
	 * follows from the order's id) left out.
	 */
	static List<String> outline(History.Recorded history) {
		List<String> outline = new ArrayList<>();
		for (String topic : Topics.messages().keySet()) {
			history.orders().forEach((id, scenario) -> {
				List<String> types = History.collapsed(history.on(topic)
					.stream()
					.filter((message) -> message.key().equals(id))
					.map(History.Message::type)
					.toList());
				if (topic.equals(Topics.SAGA_REPLIES)) {
					// The compensations run side by side: their replies come in any
					// order.
					types = types.stream().sorted().toList();
				}
				outline.add(topic + " " + scenario + ": " + String.join(", ", types));
			});
		}
		history.state().forEach((participant, rows) -> rows.stream().map((row) -> {
			String named = row.replaceAll("^(shipment \\S+ \\S+ \\S+) \\S+$", "$1 CARRIER");
			for (Map.Entry<String, String> order : history.orders().entrySet()) {
				named = named.replace(order.getKey(), order.getValue());
			}
			for (String sku : history.products().keySet()) {
				named = named.replace(sku, "SKU");
			}
			return participant + " " + named;
		}).sorted().forEach(outline::add));
		return outline;
	}

}
