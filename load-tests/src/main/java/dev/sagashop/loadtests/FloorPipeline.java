package dev.sagashop.loadtests;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The floor's process: a checkout's irreducible work with no framework, on the stack's
 * own PostgreSQL and Kafka. Placing an order commits its state and the first command to
 * an outbox table in the orders database, then sends the command; each participant
 * (payments, inventory, shipping) consumes its command and commits an inbox row, its own
 * row and the reply's outbox row in its database, then sends the reply; the orders side
 * consumes each reply and commits an inbox row, the state change and the next command. So
 * the same six produce → consume hops and the same kind of commits as a checkout, with
 * sent outbox rows deleted in batches.
 * <p>
 * Deliberately naive, so that it stays a stable yardstick: one consumer thread per topic,
 * one transaction per record, offsets committed after each poll, the producer settings of
 * the services (acks=all, linger.ms=0). The bench starts it as its own process (its CPU
 * is measured apart) and drives it through standard input: a line {@code RATE SECONDS}
 * places orders open-loop at RATE per second for SECONDS, waits for them to finish and
 * answers one JSON line; {@code quit} drops its tables and topics and ends it.
 */
public final class FloorPipeline implements AutoCloseable {

	/** The participants, in the checkout's order. */
	static final List<String> PARTICIPANTS = List.of("payments", "inventory", "shipping");

	/** How long a step's last orders may take to finish before they count as lost. */
	private static final Duration DRAIN = Duration.ofSeconds(30);

	/** Pads each record to about the size of a saga message. */
	private static final String PADDING = "x".repeat(160);

	private final String postgres;

	private final String topicPrefix = "sagashop.floor." + UUID.randomUUID().toString().substring(0, 8) + ".";

	private final Map<String, Object> bootstrap;

	private final KafkaProducer<String, String> producer;

	/** Outbox rows sent, by database, waiting for their batched delete. */
	private final Map<String, ConcurrentLinkedQueue<UUID>> sent = new ConcurrentHashMap<>();

	/** When each order in flight was due to arrive (nanoTime). */
	private final Map<UUID, Long> arrivals = new ConcurrentHashMap<>();

	private final List<Thread> threads = new ArrayList<>();

	private volatile boolean running = true;

	private volatile Latencies latencies = new Latencies();

	FloorPipeline(String kafka, String postgres) {
		this.postgres = postgres;
		this.bootstrap = Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka);
		Properties producer = new Properties();
		producer.putAll(this.bootstrap);
		producer.putAll(Map.of(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
				ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
				ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.LINGER_MS_CONFIG, "0"));
		this.producer = new KafkaProducer<>(producer);
	}

	public static void main(String[] args) throws Exception {
		if (args.length != 2) {
			System.err.println("Usage: FloorPipeline KAFKA_BOOTSTRAP POSTGRES_HOST:PORT");
			System.exit(2);
		}
		try (FloorPipeline floor = new FloorPipeline(args[0], args[1]);
				BufferedReader commands = new BufferedReader(
						new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
			floor.start();
			System.out.println("ready");
			for (String line = commands.readLine(); line != null && !line.equals("quit"); line = commands.readLine()) {
				String[] step = line.trim().split("\\s+");
				System.out.println(Stack.JSON
					.writeValueAsString(floor.step(Double.parseDouble(step[0]), Integer.parseInt(step[1]))));
			}
		}
	}

	/** Creates the tables and topics, then starts the consumers and the deleter. */
	void start() throws Exception {
		for (String database : databases()) {
			try (Connection connection = connect(database); Statement statement = connection.createStatement()) {
				statement.execute("CREATE TABLE IF NOT EXISTS floor_inbox (message_id UUID PRIMARY KEY, "
						+ "received_at TIMESTAMP WITH TIME ZONE NOT NULL)");
				statement.execute("CREATE TABLE IF NOT EXISTS floor_outbox (id UUID PRIMARY KEY, "
						+ "topic VARCHAR(255) NOT NULL, record_key VARCHAR(255) NOT NULL, payload TEXT NOT NULL, "
						+ "created_at TIMESTAMP WITH TIME ZONE NOT NULL)");
				statement.execute("CREATE INDEX IF NOT EXISTS floor_outbox_created ON floor_outbox (created_at)");
				statement.execute("CREATE TABLE IF NOT EXISTS floor_work (id UUID PRIMARY KEY, order_id UUID NOT NULL, "
						+ "step INTEGER NOT NULL, at TIMESTAMP WITH TIME ZONE NOT NULL)");
			}
			this.sent.put(database, new ConcurrentLinkedQueue<>());
		}
		try (Admin admin = Admin.create(this.bootstrap)) {
			List<NewTopic> topics = new ArrayList<>();
			for (String participant : PARTICIPANTS) {
				topics.add(new NewTopic(commands(participant), 3, (short) 1));
			}
			topics.add(new NewTopic(replies(), 3, (short) 1));
			admin.createTopics(topics).all().get(30, TimeUnit.SECONDS);
		}
		CountDownLatch assigned = new CountDownLatch(PARTICIPANTS.size() + 1);
		for (String participant : PARTICIPANTS) {
			consume(commands(participant), participant, this::participantHandles, assigned);
		}
		consume(replies(), "orders", this::ordersHandles, assigned);
		thread("floor-deletes", this::deleteSent);
		if (!assigned.await(60, TimeUnit.SECONDS)) {
			throw new IllegalStateException("The floor's consumers got no partitions within 60 s");
		}
	}

	/**
	 * Places orders open-loop (each timed from when it was due, so a late placement
	 * counts against the floor), then waits for them to finish.
	 * @return the step's figures
	 */
	Map<String, Object> step(double rate, int seconds) throws Exception {
		Latencies step = new Latencies();
		this.latencies = step;
		long interval = (long) (TimeUnit.SECONDS.toNanos(1) / rate);
		long begin = System.nanoTime();
		long end = begin + TimeUnit.SECONDS.toNanos(seconds);
		int placed = 0;
		try (Connection orders = connect("orders")) {
			orders.setAutoCommit(false);
			for (long due = begin; due < end; due += interval) {
				long wait = due - System.nanoTime();
				if (wait > 0) {
					LockSupport.parkNanos(wait);
				}
				place(orders, due);
				placed++;
			}
		}
		long drained = System.nanoTime() + DRAIN.toNanos();
		while (step.count() < placed && System.nanoTime() < drained) {
			Thread.sleep(50);
		}
		Map<String, Object> result = new LinkedHashMap<>();
		result.put("rate", rate);
		result.put("placed", placed);
		result.put("completed", step.count());
		result.put("p50Ms", Bench.round(step.percentile(50)));
		result.put("p95Ms", Bench.round(step.percentile(95)));
		result.put("p99Ms", Bench.round(step.percentile(99)));
		result.put("maxMs", Bench.round(step.percentile(100)));
		this.arrivals.clear();
		return result;
	}

	private void place(Connection orders, long due) throws SQLException {
		UUID order = UUID.randomUUID();
		this.arrivals.put(order, due);
		try (PreparedStatement work = orders
			.prepareStatement("INSERT INTO floor_work (id, order_id, step, at) VALUES (?, ?, 0, now())")) {
			work.setObject(1, order);
			work.setObject(2, order);
			work.executeUpdate();
		}
		send(orders, "orders", commands(PARTICIPANTS.get(0)), order);
	}

	/**
	 * A participant's transaction for one command: inbox row, its own row, the reply's
	 * outbox row; the reply is sent once committed.
	 */
	private void participantHandles(Connection connection, String database, ConsumerRecord<String, String> record)
			throws SQLException {
		UUID order = UUID.fromString(record.key());
		try (PreparedStatement work = connection
			.prepareStatement("INSERT INTO floor_work (id, order_id, step, at) VALUES (?, ?, 1, now())")) {
			work.setObject(1, UUID.randomUUID());
			work.setObject(2, order);
			work.executeUpdate();
		}
		send(connection, database, replies(), order);
	}

	/**
	 * The orders side's transaction for one reply: inbox row, the state change and,
	 * unless this was the last step, the next command's outbox row.
	 */
	private void ordersHandles(Connection connection, String database, ConsumerRecord<String, String> record)
			throws SQLException {
		UUID order = UUID.fromString(record.key());
		int step;
		try (PreparedStatement advance = connection
			.prepareStatement("UPDATE floor_work SET step = step + 1, at = now() WHERE id = ? RETURNING step")) {
			advance.setObject(1, order);
			try (ResultSet result = advance.executeQuery()) {
				step = result.next() ? result.getInt(1) : Integer.MAX_VALUE;
			}
		}
		if (step < PARTICIPANTS.size()) {
			send(connection, database, commands(PARTICIPANTS.get(step)), order);
			return;
		}
		connection.commit();
		Long due = this.arrivals.remove(order);
		if (due != null) {
			this.latencies.record(System.nanoTime() - due, true);
		}
	}

	/**
	 * Writes the outbox row, commits, then sends the record; its row is deleted later.
	 */
	private void send(Connection connection, String database, String topic, UUID order) throws SQLException {
		UUID id = UUID.randomUUID();
		String payload = id + "|" + order + "|" + topic + "|" + PADDING;
		try (PreparedStatement outbox = connection.prepareStatement(
				"INSERT INTO floor_outbox (id, topic, record_key, payload, created_at) VALUES (?, ?, ?, ?, now())")) {
			outbox.setObject(1, id);
			outbox.setString(2, topic);
			outbox.setString(3, order.toString());
			outbox.setString(4, payload);
			outbox.executeUpdate();
		}
		connection.commit();
		this.producer.send(new ProducerRecord<>(topic, order.toString(), payload), (metadata, failure) -> {
			if (failure == null) {
				this.sent.get(database).add(id);
			}
			else {
				System.err.println("floor: send failed: " + failure);
			}
		});
	}

	@FunctionalInterface
	private interface Handler {

		void handle(Connection connection, String database, ConsumerRecord<String, String> record) throws SQLException;

	}

	/**
	 * A consumer thread: each record in its own transaction behind an inbox row (a
	 * duplicate is skipped), the offsets committed after each poll.
	 */
	private void consume(String topic, String database, Handler handler, CountDownLatch assigned) {
		Properties config = new Properties();
		config.putAll(this.bootstrap);
		config.putAll(Map.of(ConsumerConfig.GROUP_ID_CONFIG, topic, ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
				ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false", ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
				StringDeserializer.class.getName(), ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
				StringDeserializer.class.getName()));
		KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config);
		thread("floor-" + database, () -> {
			try (consumer;
					Connection connection = connect(database);
					PreparedStatement inbox = connection.prepareStatement(
							"INSERT INTO floor_inbox (message_id, received_at) VALUES (?, now()) ON CONFLICT DO NOTHING")) {
				connection.setAutoCommit(false);
				consumer.subscribe(List.of(topic));
				boolean counted = false;
				while (this.running) {
					ConsumerRecords<String, String> records = consumer.poll(Duration.ofMillis(100));
					if (!counted && !consumer.assignment().isEmpty()) {
						assigned.countDown();
						counted = true;
					}
					for (ConsumerRecord<String, String> record : records) {
						inbox.setObject(1, UUID.fromString(record.value().substring(0, 36)));
						if (inbox.executeUpdate() == 0) {
							connection.rollback();
							continue;
						}
						handler.handle(connection, database, record);
					}
					if (!records.isEmpty()) {
						consumer.commitSync();
					}
				}
			}
			return null;
		});
	}

	/** Deletes the sent outbox rows of each database, a batch every 50 ms. */
	private Void deleteSent() throws Exception {
		Map<String, Connection> connections = new LinkedHashMap<>();
		try {
			for (String database : databases()) {
				connections.put(database, connect(database));
			}
			while (this.running) {
				for (Map.Entry<String, Connection> database : connections.entrySet()) {
					List<UUID> ids = new ArrayList<>();
					for (UUID id = this.sent.get(database.getKey()).poll(); id != null; id = this.sent
						.get(database.getKey())
						.poll()) {
						ids.add(id);
					}
					if (!ids.isEmpty()) {
						try (PreparedStatement delete = database.getValue()
							.prepareStatement("DELETE FROM floor_outbox WHERE id = ANY (?)")) {
							delete.setArray(1, database.getValue().createArrayOf("uuid", ids.toArray()));
							delete.executeUpdate();
						}
					}
				}
				Thread.sleep(50);
			}
		}
		finally {
			for (Connection connection : connections.values()) {
				connection.close();
			}
		}
		return null;
	}

	@FunctionalInterface
	private interface Work {

		Void run() throws Exception;

	}

	private void thread(String name, Work work) {
		Thread thread = new Thread(() -> {
			try {
				work.run();
			}
			catch (Exception ex) {
				if (this.running) {
					System.err.println("floor: " + name + " stopped: " + ex);
					ex.printStackTrace();
				}
			}
		}, name);
		thread.setDaemon(true);
		thread.start();
		this.threads.add(thread);
	}

	/** Stops the threads, then drops the floor's tables and topics. */
	@Override
	public void close() throws Exception {
		this.running = false;
		for (Thread thread : this.threads) {
			thread.join(5000);
		}
		this.producer.close(Duration.ofSeconds(5));
		for (String database : databases()) {
			try (Connection connection = connect(database); Statement statement = connection.createStatement()) {
				statement.execute("DROP TABLE IF EXISTS floor_inbox, floor_outbox, floor_work");
			}
		}
		try (Admin admin = Admin.create(this.bootstrap)) {
			List<String> topics = new ArrayList<>(PARTICIPANTS.stream().map(this::commands).toList());
			topics.add(replies());
			admin.deleteTopics(topics).all().get(30, TimeUnit.SECONDS);
		}
	}

	private static List<String> databases() {
		List<String> databases = new ArrayList<>(List.of("orders"));
		databases.addAll(PARTICIPANTS);
		return databases;
	}

	private String commands(String participant) {
		return this.topicPrefix + participant;
	}

	private String replies() {
		return this.topicPrefix + "replies";
	}

	/** A connection to a service's database as its role, as the services connect. */
	private Connection connect(String database) throws SQLException {
		return DriverManager.getConnection("jdbc:postgresql://" + this.postgres + "/" + database, database, database);
	}

}
