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
 * The servers' own counters: records written to the saga's topics (their end offsets) and
 * transactions committed in the four databases ({@code pg_stat_database.xact_commit}).
 *
 * @param kafkaRecords records on the saga's topics
 * @param commits committed transactions of the four databases
 * @param atNanos when read
 */
record Counters(long kafkaRecords, long commits, long atNanos) {

	static final List<String> TOPICS = List.of("sagashop.payments.commands", "sagashop.inventory.commands",
			"sagashop.shipping.commands", "sagashop.saga.replies");

	static Counters read(Stack stack) throws Exception {
		long records = 0;
		try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafka()))) {
			Set<TopicPartition> partitions = admin.describeTopics(TOPICS)
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
		}
		long commits;
		try (Connection connection = stack.database("orders");
				Statement statement = connection.createStatement();
				ResultSet result = statement.executeQuery("SELECT sum(xact_commit) FROM pg_stat_database "
						+ "WHERE datname IN ('orders', 'payments', 'inventory', 'shipping')")) {
			result.next();
			commits = result.getLong(1);
		}
		return new Counters(records, commits, System.nanoTime());
	}

	double seconds(Counters later) {
		return (later.atNanos - this.atNanos) / 1e9;
	}

}
