package dev.sagashop.platform.messaging;

import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.function.Supplier;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The messages this service gave up on, and what an admin decided about each. Kafka keeps
 * them where the error handler parked them ({@code <topic>.DLT}, with the original topic,
 * offset and the error in headers); this service's database keeps each decision
 * ({@code dead_letter_decisions}), at most one per dead letter: a redrive sends the
 * record again to its topic, through the outbox in the decision's transaction, so it
 * leaves once; a discard leaves it be. Both are logged with who decided.
 */
public class DeadLetters implements AutoCloseable {

	private static final Log logger = LogFactory.getLog(DeadLetters.class);

	/** The suffix of a dead-letter topic. */
	public static final String SUFFIX = ".DLT";

	/** Dead letters listed at most, the newest kept. */
	static final int MAX = 500;

	private static final Duration READ_TIMEOUT = Duration.ofSeconds(10);

	private final ConsumerFactory<String, String> consumers;

	private final Supplier<List<String>> consumedTopics;

	private final JdbcClient jdbc;

	private final TransactionTemplate transactions;

	private final Outbox outbox;

	private final JsonMapper json;

	private Consumer<String, String> reader;

	private Set<TopicPartition> assigned = Set.of();

	private final List<ConsumerRecord<String, String>> read = new ArrayList<>();

	/**
	 * @param consumedTopics the topics this service consumes, whose dead letters these
	 * are
	 */
	public DeadLetters(ConsumerFactory<String, String> consumers, Supplier<List<String>> consumedTopics,
			JdbcClient jdbc, TransactionTemplate transactions, Outbox outbox, JsonMapper json) {
		this.consumers = consumers;
		this.consumedTopics = consumedTopics;
		this.jdbc = jdbc;
		this.transactions = transactions;
		this.outbox = outbox;
		this.json = json;
	}

	/**
	 * Every dead letter of this service's topics, the newest first, with its decision.
	 * @return the dead letters
	 */
	public List<DeadLetter> list() {
		Map<String, Decision> decisions = new HashMap<>();
		this.jdbc
			.sql("SELECT dlt_topic, dlt_partition, dlt_offset, decision, decided_by, decided_at "
					+ "FROM dead_letter_decisions")
			.query((row) -> {
				Decision decision = decision(row);
				decisions.put(row.getString("dlt_topic") + "/" + row.getInt("dlt_partition") + "/"
						+ row.getLong("dlt_offset"), decision);
			});
		List<DeadLetter> letters = new ArrayList<>();
		for (ConsumerRecord<String, String> record : read()) {
			letters
				.add(letter(record, decisions.get(record.topic() + "/" + record.partition() + "/" + record.offset())));
		}
		letters.sort(Comparator.comparing(DeadLetter::deadLetteredAt).reversed());
		return (letters.size() > MAX) ? letters.subList(0, MAX) : letters;
	}

	/**
	 * One dead letter.
	 * @param dltTopic its dead-letter topic
	 * @param partition its partition there
	 * @param offset its offset there
	 * @return it, when there is one
	 */
	public Optional<DeadLetter> find(String dltTopic, int partition, long offset) {
		return list().stream()
			.filter((letter) -> letter.dltTopic().equals(dltTopic) && letter.dltPartition() == partition
					&& letter.dltOffset() == offset)
			.findFirst();
	}

	/**
	 * Sends a dead letter again to the topic it came from, once.
	 * @param actor who decided
	 * @return the dead letter with its decision
	 * @throws AlreadyDecided when it was redriven or discarded before
	 */
	public Optional<DeadLetter> redrive(String dltTopic, int partition, long offset, String actor) {
		return decide(dltTopic, partition, offset, actor, "REDRIVEN");
	}

	/**
	 * Leaves a dead letter be, for good.
	 * @param actor who decided
	 * @return the dead letter with its decision
	 * @throws AlreadyDecided when it was redriven or discarded before
	 */
	public Optional<DeadLetter> discard(String dltTopic, int partition, long offset, String actor) {
		return decide(dltTopic, partition, offset, actor, "DISCARDED");
	}

	private Optional<DeadLetter> decide(String dltTopic, int partition, long offset, String actor, String what) {
		Optional<DeadLetter> found = find(dltTopic, partition, offset);
		if (found.isEmpty()) {
			return found;
		}
		DeadLetter letter = found.get();
		if (letter.decision() != null) {
			throw new AlreadyDecided(letter);
		}
		try {
			Decision decision = this.transactions.execute((status) -> {
				Decision made = this.jdbc
					.sql("INSERT INTO dead_letter_decisions (dlt_topic, dlt_partition, dlt_offset, decision, "
							+ "decided_by, decided_at) VALUES (?, ?, ?, ?, ?, now()) "
							+ "RETURNING decision, decided_by, decided_at")
					.params(dltTopic, partition, offset, what, actor)
					.query((row, number) -> decision(row))
					.single();
				if (what.equals("REDRIVEN")) {
					this.outbox.sendAsIs(letter.topic(), letter.key(), letter.payload());
				}
				return made;
			});
			logger.warn("Dead letter %s/%d/%d (%s of order %s, from %s) %s by %s".formatted(dltTopic, partition, offset,
					letter.type(), letter.key(), letter.topic(), what.toLowerCase(), actor));
			return Optional.of(letter.decided(decision));
		}
		catch (DuplicateKeyException ex) {
			// Decided meanwhile, on another instance or in another request.
			throw new AlreadyDecided(find(dltTopic, partition, offset).orElse(letter));
		}
	}

	/**
	 * Every record of this service's dead-letter topics: the ones read before, and what
	 * was added since. One consumer (no group, no commit) stays assigned to them between
	 * reads and goes on from where it was: a dead-letter topic only grows, and reading it
	 * all again for every request cost more than the request.
	 */
	private synchronized List<ConsumerRecord<String, String>> read() {
		try {
			Consumer<String, String> consumer = reader();
			Set<TopicPartition> partitions = new LinkedHashSet<>();
			for (String topic : this.consumedTopics.get()) {
				List<PartitionInfo> infos = consumer.partitionsFor(topic + SUFFIX, READ_TIMEOUT);
				if (infos != null) {
					infos.forEach((info) -> partitions.add(new TopicPartition(info.topic(), info.partition())));
				}
			}
			if (!partitions.equals(this.assigned)) {
				// Those still assigned keep their position.
				List<TopicPartition> added = partitions.stream()
					.filter((partition) -> !this.assigned.contains(partition))
					.toList();
				consumer.assign(partitions);
				consumer.seekToBeginning(added);
				this.assigned = partitions;
			}
			if (partitions.isEmpty()) {
				return List.of();
			}
			Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, READ_TIMEOUT);
			Instant giveUp = Instant.now().plus(READ_TIMEOUT);
			while (partitions.stream().anyMatch((partition) -> consumer.position(partition) < ends.get(partition))
					&& Instant.now().isBefore(giveUp)) {
				consumer.poll(Duration.ofMillis(200)).forEach(this.read::add);
			}
			if (this.read.size() > MAX) {
				// Only the newest are listed: a burst of dead letters holds no memory
				// beyond them.
				this.read.sort(Comparator.comparingLong(ConsumerRecord::timestamp));
				this.read.subList(0, this.read.size() - MAX).clear();
			}
			return List.copyOf(this.read);
		}
		catch (RuntimeException ex) {
			// A broker away, say: the next read starts again with a new consumer.
			close();
			throw ex;
		}
	}

	private Consumer<String, String> reader() {
		if (this.reader == null) {
			Properties properties = new Properties();
			properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
			properties.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false");
			this.reader = this.consumers.createConsumer(null, "dead-letters", null, properties);
		}
		return this.reader;
	}

	/** Closes the consumer that reads the dead-letter topics (at shutdown). */
	@Override
	public synchronized void close() {
		if (this.reader != null) {
			this.reader.close();
			this.reader = null;
		}
		this.assigned = Set.of();
		this.read.clear();
	}

	private DeadLetter letter(ConsumerRecord<String, String> record, Decision decision) {
		String payload = (record.value() != null) ? record.value() : "";
		String type = "";
		try {
			JsonNode node = this.json.readTree(payload);
			type = node.path("type").asString("");
		}
		catch (RuntimeException ex) {
			// Not JSON: a malformed message, shown as it is.
		}
		String originalTopic = header(record, KafkaHeaders.DLT_ORIGINAL_TOPIC);
		return new DeadLetter(record.topic(), record.partition(), record.offset(),
				(originalTopic != null) ? originalTopic : record.topic().replace(SUFFIX, ""), record.key(), type,
				payload, header(record, KafkaHeaders.DLT_EXCEPTION_MESSAGE), Instant.ofEpochMilli(record.timestamp()),
				(decision != null) ? decision.decision() : null, (decision != null) ? decision.by() : null,
				(decision != null) ? decision.at() : null);
	}

	private static String header(ConsumerRecord<String, String> record, String name) {
		Header header = record.headers().lastHeader(name);
		return (header != null) ? new String(header.value(), StandardCharsets.UTF_8) : null;
	}

	private static Decision decision(ResultSet row) throws SQLException {
		return new Decision(row.getString("decision"), row.getString("decided_by"),
				row.getTimestamp("decided_at").toInstant());
	}

	private record Decision(String decision, String by, Instant at) {

	}

	/**
	 * A message this service gave up on.
	 *
	 * @param dltTopic the dead-letter topic it is on
	 * @param dltPartition its partition there
	 * @param dltOffset its offset there
	 * @param topic the topic it came from, where a redrive sends it
	 * @param key its record key (the order's id)
	 * @param type its message type, when it could be read
	 * @param payload the record's value, as it was
	 * @param error why it was given up on
	 * @param deadLetteredAt when it was parked
	 * @param decision {@code REDRIVEN} or {@code DISCARDED}, or {@code null} while none
	 * @param decidedBy who decided
	 * @param decidedAt when
	 */
	public record DeadLetter(String dltTopic, int dltPartition, long dltOffset, String topic, String key, String type,
			String payload, String error, Instant deadLetteredAt, String decision, String decidedBy,
			Instant decidedAt) {

		DeadLetter decided(Decision made) {
			return new DeadLetter(this.dltTopic, this.dltPartition, this.dltOffset, this.topic, this.key, this.type,
					this.payload, this.error, this.deadLetteredAt, made.decision(), made.by(), made.at());
		}

	}

	/** A dead letter that was redriven or discarded before: a decision is made once. */
	public static class AlreadyDecided extends RuntimeException {

		private final transient DeadLetter letter;

		AlreadyDecided(DeadLetter letter) {
			super("Dead letter %s/%d/%d was %s by %s at %s".formatted(letter.dltTopic(), letter.dltPartition(),
					letter.dltOffset(), String.valueOf(letter.decision()).toLowerCase(), letter.decidedBy(),
					letter.decidedAt()));
			this.letter = letter;
		}

		public DeadLetter letter() {
			return this.letter;
		}

	}

}
