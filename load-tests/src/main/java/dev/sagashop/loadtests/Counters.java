package dev.sagashop.loadtests;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;

/**
 * The servers' own counters: records written to the saga's topics (their end offsets),
 * the consumers' offset commits (records of {@code __consumer_offsets}, one per partition
 * a commit names) and transactions committed in the four databases
 * ({@code pg_stat_database.xact_commit}).
 *
 * @param kafkaRecords records on the saga's topics
 * @param offsetCommits records written to {@code __consumer_offsets}
 * @param commits committed transactions of the four databases
 * @param atNanos when read
 */
record Counters(long kafkaRecords, long offsetCommits, long commits, long atNanos) {

	static final List<String> TOPICS = List.of("sagashop.payments.commands", "sagashop.inventory.commands",
			"sagashop.shipping.commands", "sagashop.saga.replies");

	static final String OFFSETS_TOPIC = "__consumer_offsets";

	static Counters read(Stack stack) throws Exception {
		long records;
		long offsetCommits;
		try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafka()))) {
			records = endOffsets(admin, TOPICS);
			offsetCommits = endOffsets(admin, List.of(OFFSETS_TOPIC));
		}
		long commits;
		try (Connection connection = stack.database("orders");
				Statement statement = connection.createStatement();
				ResultSet result = statement.executeQuery("SELECT sum(xact_commit) FROM pg_stat_database "
						+ "WHERE datname IN ('orders', 'payments', 'inventory', 'shipping')")) {
			result.next();
			commits = result.getLong(1);
		}
		return new Counters(records, offsetCommits, commits, System.nanoTime());
	}

	/** The sum of the topics' end offsets: how many records were ever written to them. */
	private static long endOffsets(Admin admin, List<String> topics) throws Exception {
		long records = 0;
		Set<TopicPartition> partitions = admin.describeTopics(topics)
			.allTopicNames()
			.get()
			.values()
			.stream()
			.flatMap((topic) -> topic.partitions()
				.stream()
				.map((partition) -> new TopicPartition(topic.name(), partition.partition())))
			.collect(Collectors.toSet());
		ListOffsetsResult offsets = admin
			.listOffsets(partitions.stream().collect(Collectors.toMap((p) -> p, (p) -> OffsetSpec.latest())));
		for (TopicPartition partition : partitions) {
			records += offsets.partitionResult(partition).get().offset();
		}
		return records;
	}

	double seconds(Counters later) {
		return (later.atNanos - this.atNanos) / 1e9;
	}

}
