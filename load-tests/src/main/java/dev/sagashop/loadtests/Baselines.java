package dev.sagashop.loadtests;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * What the machine can do without sagashop, measured on the stack's own PostgreSQL and
 * Kafka right before the load: the floor the checkout's figures are read against.
 */
final class Baselines {

	private Baselines() {
	}

	/**
	 * The baselines as reported.
	 *
	 * @param postgresCommitsPerSecond1Connection one-row INSERT commits per second, one
	 * connection
	 * @param postgresCommitsPerSecond8Connections the same with eight
	 * @param kafkaRoundTripP50Ms produce → consume, acks=all, linger 0
	 * @param kafkaRoundTripP99Ms the same
	 */
	record Result(double postgresCommitsPerSecond1Connection, double postgresCommitsPerSecond8Connections,
			double kafkaRoundTripP50Ms, double kafkaRoundTripP99Ms) {

	}

	/** PostgreSQL commits on 1 and 8 connections, then Kafka round trips. */
	static Result measure(Stack stack, boolean quick) throws Exception {
		Duration duration = Duration.ofSeconds(quick ? 2 : 10);
		Database orders = () -> stack.database("orders");
		double one = postgresCommitsPerSecond(orders, 1, duration);
		double eight = postgresCommitsPerSecond(orders, 8, duration);
		System.out.printf("  PostgreSQL one-row INSERT commits: %.0f/s on 1 connection (%.2f ms each), %.0f/s on 8%n",
				one, 1000 / one, eight);
		Latencies kafka = kafkaRoundTrips(stack.kafka(), quick ? 200 : 2000, Duration.ofMillis(5));
		System.out.printf("  Kafka produce → consume round trip: p50 %.2f ms, p99 %.2f ms (%d records)%n",
				kafka.percentile(50), kafka.percentile(99), kafka.count());
		return new Result(Bench.round(one), Bench.round(eight), Bench.round(kafka.percentile(50)),
				Bench.round(kafka.percentile(99)));
	}

	/** Opens a connection to the database measured. */
	@FunctionalInterface
	interface Database {

		Connection connect() throws SQLException;

	}

	/**
	 * One-row INSERTs, each its own transaction (autocommit), from several connections,
	 * on the server and settings the services use.
	 * @return commits per second
	 */
	static double postgresCommitsPerSecond(Database database, int connections, Duration duration) throws Exception {
		try (Connection setup = database.connect(); Statement statement = setup.createStatement()) {
			statement.execute("CREATE TABLE IF NOT EXISTS bench_commits (id BIGSERIAL PRIMARY KEY, "
					+ "at TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), payload TEXT NOT NULL)");
		}
		AtomicLong commits = new AtomicLong();
		ExecutorService pool = Executors.newFixedThreadPool(connections);
		long end = System.nanoTime() + duration.toNanos();
		try {
			List<Future<Object>> workers = IntStream.range(0, connections).mapToObj((i) -> pool.submit(() -> {
				try (Connection connection = database.connect();
						PreparedStatement insert = connection
							.prepareStatement("INSERT INTO bench_commits (payload) VALUES (?)")) {
					while (System.nanoTime() < end) {
						insert.setString(1, "baseline");
						insert.executeUpdate();
						commits.incrementAndGet();
					}
				}
				return null;
			})).toList();
			for (Future<Object> worker : workers) {
				worker.get();
			}
		}
		finally {
			pool.shutdown();
			try (Connection cleanup = database.connect(); Statement statement = cleanup.createStatement()) {
				statement.execute("DROP TABLE IF EXISTS bench_commits");
			}
			catch (SQLException ex) {
				System.err.println("Could not drop bench_commits: " + ex.getMessage());
			}
		}
		return commits.get() / (duration.toNanos() / 1e9);
	}

	/**
	 * Produce → consume round trips on the stack's broker with the producer settings the
	 * services use (acks=all, linger.ms=0): one record every {@code interval}, each timed
	 * from send to receipt.
	 * @return the round trips in a {@link Latencies}
	 */
	static Latencies kafkaRoundTrips(String bootstrap, int records, Duration interval) throws Exception {
		String topic = "sagashop.bench.rtt";
		Properties producerConfig = new Properties();
		producerConfig.putAll(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
				ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
				ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
				ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.LINGER_MS_CONFIG, "0"));
		Properties consumerConfig = new Properties();
		consumerConfig.putAll(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ConsumerConfig.GROUP_ID_CONFIG,
				"bench-" + UUID.randomUUID(), ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest",
				ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName(),
				ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName()));
		Latencies latencies = new Latencies();
		try (KafkaProducer<String, String> producer = new KafkaProducer<>(producerConfig);
				KafkaConsumer<String, String> consumer = new KafkaConsumer<>(consumerConfig)) {
			producer.send(new ProducerRecord<>(topic, "warm-up", Long.toString(System.nanoTime()))).get();
			consumer.subscribe(List.of(topic));
			while (consumer.assignment().isEmpty()) {
				consumer.poll(Duration.ofMillis(100));
			}
			consumer.seekToEnd(consumer.assignment());
			consumer.poll(Duration.ofMillis(100));
			ExecutorService sender = Executors.newSingleThreadExecutor();
			sender.submit(() -> {
				for (int i = 0; i < records; i++) {
					producer.send(new ProducerRecord<>(topic, Integer.toString(i), Long.toString(System.nanoTime())));
					Thread.sleep(interval.toMillis());
				}
				return null;
			});
			long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30) + interval.toNanos() * records;
			while (latencies.count() < records && System.nanoTime() < deadline) {
				for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(100))) {
					latencies.record(System.nanoTime() - Long.parseLong(record.value()), true);
				}
			}
			sender.shutdownNow();
		}
		return latencies;
	}

}
