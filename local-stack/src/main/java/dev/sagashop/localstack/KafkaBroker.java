package dev.sagashop.localstack;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;

/**
 * A single Kafka broker in KRaft combined mode (broker and controller in one JVM) on
 * fixed ports, its storage formatted once and kept under the state directory; or the same
 * broker in a container ({@link DockerContainer}).
 */
final class KafkaBroker implements StackProcess {

	static final String NAME = "kafka";

	/** Where the apache/kafka image keeps its data (a volume). */
	private static final String CONTAINER_DATA = "/var/lib/kafka/data";

	/**
	 * The segments of the consumer offsets' topic: 1 MB, not Kafka's 100 MB. Before any
	 * consumer can join its group after a start, the group coordinator reads that topic
	 * back, and the log cleaner compacts all but its last segment: with 100 MB segments
	 * the listeners' commits (one a second each) and the bench's (one a poll) piled up to
	 * 1.5 million records, 189 MB, read for 6.5 s while the apps waited.
	 */
	static final int OFFSETS_SEGMENT_BYTES = 1024 * 1024;

	private static final String OFFSETS_TOPIC = "__consumer_offsets";

	private final StackConfig config;

	private final String java;

	private final AppCds appCds;

	KafkaBroker(StackConfig config, String java, AppCds appCds) {
		this.config = config;
		this.java = java;
		this.appCds = appCds;
	}

	String bootstrapServers() {
		return "localhost:" + this.config.ports().kafka();
	}

	private Path dir() {
		return this.config.stateDir().resolve("kafka");
	}

	@Override
	public Optional<ManagedProcess> start() {
		Path log = this.config.logs().resolve(NAME + ".log");
		try {
			if (this.config.containers()) {
				return Optional.of(DockerContainer.of(this.config, NAME, CONTAINER_DATA)
					.run(this.config, containerEnvironment(), List.of(), log));
			}
			Files.createDirectories(dir().resolve("data"));
			Files.createDirectories(this.config.logs());
			Files.writeString(dir().resolve("server.properties"), serverProperties());
			Files.writeString(dir().resolve("log4j2.properties"), LOG4J2);
			if (!Files.exists(dir().resolve("data/meta.properties"))) {
				format(log);
			}
			// The broker's start is on the stack's critical path (every app waits for
			// it): a class-data archive of its own, as the apps have (ADR 3).
			List<String> classpath = this.appCds.classpathArguments(NAME, Launch.libraryDirectory(this.config.home()),
					this.config.kafkaJvmOptions());
			Process process = Launch.detached(
					command(classpath, "kafka.Kafka", dir().resolve("server.properties").toString()), Map.of(), log);
			return Optional.of(ManagedProcess.of(NAME, process.toHandle(), bootstrapServers(), log));
		}
		catch (IOException ex) {
			throw new StackException("Cannot start Kafka: " + ex.getMessage(), log);
		}
	}

	private void format(Path log) throws IOException {
		List<String> command = command(List.of("-cp", Launch.libraryClasspath(this.config.home())),
				"kafka.tools.StorageTool", "format", "-t", Uuid.randomUuid().toString(), "-c",
				dir().resolve("server.properties").toString());
		Process format = new ProcessBuilder(command).redirectErrorStream(true)
			.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
			.start();
		try {
			if (!format.waitFor(120, TimeUnit.SECONDS) || format.exitValue() != 0) {
				format.destroyForcibly();
				throw new StackException("Formatting Kafka's storage failed", log);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new StackException("Interrupted while formatting Kafka's storage", log);
		}
	}

	/**
	 * The same settings for the apache/kafka image, whose run script takes each
	 * {@code KAFKA_*} variable as a setting ({@code log.dirs} is {@code KAFKA_LOG_DIRS};
	 * {@code _} is written {@code __}, {@code -} {@code ___}).
	 */
	Map<String, String> containerEnvironment() {
		Map<String, String> environment = new LinkedHashMap<>();
		serverProperties().lines().filter((line) -> !line.isBlank() && !line.startsWith("#")).forEach((line) -> {
			String key = line.substring(0, line.indexOf('='));
			String value = key.equals("log.dirs") ? CONTAINER_DATA : line.substring(line.indexOf('=') + 1);
			environment.put(
					"KAFKA_" + key.toUpperCase(Locale.ROOT).replace("_", "__").replace("-", "___").replace('.', '_'),
					value);
		});
		environment.put("CLUSTER_ID", Uuid.randomUuid().toString());
		// The image's defaults (a 1 GB heap; G1) are replaced: heap options in one
		// variable, the rest in the one that comes last on its command line.
		Map<Boolean, List<String>> heap = this.config.kafkaJvmOptions()
			.stream()
			.collect(Collectors.partitioningBy((option) -> option.startsWith("-Xm")));
		environment.put("KAFKA_HEAP_OPTS", String.join(" ", heap.get(true)));
		environment.put("KAFKA_OPTS", String.join(" ", heap.get(false)));
		return environment;
	}

	private List<String> command(List<String> classpath, String mainClass, String... args) {
		List<String> command = new ArrayList<>(List.of(this.java));
		command.addAll(Launch.nativeMemoryOptions());
		command.addAll(this.config.kafkaJvmOptions());
		command.addAll(List.of("-Dlog4j2.configurationFile=" + dir().resolve("log4j2.properties"),
				"-Dsagashop.process=" + NAME));
		command.addAll(classpath);
		command.add(mainClass);
		command.addAll(List.of(args));
		return command;
	}

	/**
	 * Whether the broker answers a metadata request. An admin client is made only once
	 * its port accepts connections: before that, each one would retry until its timeout
	 * (seconds of the launcher's CPU on the stack's busiest seconds). When it does (and
	 * {@code up} asks no more), the consumer offsets' segments are set small
	 * ({@link #OFFSETS_SEGMENT_BYTES}).
	 */
	@Override
	public boolean isReady() {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress("localhost", this.config.ports().kafka()), 500);
		}
		catch (IOException ex) {
			return false;
		}
		try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
				AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2000, AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
				2000))) {
			admin.describeCluster().nodes().get(3, TimeUnit.SECONDS);
			smallOffsetsSegments(admin);
			return true;
		}
		catch (Exception ex) {
			return false;
		}
	}

	/**
	 * Gives an offsets topic made with Kafka's segments (by a state from before
	 * {@link #OFFSETS_SEGMENT_BYTES}) the small ones: its next commit starts a segment,
	 * and the cleaner compacts the large one. A topic made since has them from the
	 * broker's settings.
	 */
	private void smallOffsetsSegments(Admin admin) {
		ConfigResource offsets = new ConfigResource(ConfigResource.Type.TOPIC, OFFSETS_TOPIC);
		AlterConfigOp segments = new AlterConfigOp(
				new ConfigEntry(TopicConfig.SEGMENT_BYTES_CONFIG, Integer.toString(OFFSETS_SEGMENT_BYTES)),
				AlterConfigOp.OpType.SET);
		try {
			admin.incrementalAlterConfigs(Map.of(offsets, List.of(segments))).all().get(3, TimeUnit.SECONDS);
		}
		catch (Exception ex) {
			// No such topic yet (it will be made with them), or a broker too busy to
			// answer: the next start tries again.
		}
	}

	/**
	 * The broker's settings. The log cleaner's dedupe buffer is 16 MB instead of Kafka's
	 * 128 MB: the cleaner allocates it in one piece as the broker starts, and in a 256 MB
	 * heap ({@link StackConfig#KAFKA_JVM_OPTIONS}) a restart after a crash failed on it
	 * with {@code OutOfMemoryError} (CI, 2026-12-05); the stack's compacted topics (the
	 * consumer offsets) are small.
	 */
	private String serverProperties() {
		int broker = this.config.ports().kafka();
		int controller = this.config.ports().kafkaController();
		return """
				# Written by ./sagashop up on every start; edit StackConfig/KafkaBroker instead.
				process.roles=broker,controller
				node.id=1
				controller.quorum.voters=1@localhost:%d
				listeners=PLAINTEXT://localhost:%d,CONTROLLER://localhost:%d
				advertised.listeners=PLAINTEXT://localhost:%d
				controller.listener.names=CONTROLLER
				inter.broker.listener.name=PLAINTEXT
				listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT
				log.dirs=%s
				num.partitions=3
				offsets.topic.replication.factor=1
				offsets.topic.num.partitions=3
				transaction.state.log.replication.factor=1
				transaction.state.log.min.isr=1
				share.coordinator.state.topic.replication.factor=1
				share.coordinator.state.topic.min.isr=1
				offsets.topic.segment.bytes=%d
				group.initial.rebalance.delay.ms=0
				auto.create.topics.enable=true
				log.retention.hours=168
				log.cleaner.dedupe.buffer.size=16777216
				""".formatted(controller, broker, controller, broker, dir().resolve("data"), OFFSETS_SEGMENT_BYTES);
	}

	private static final String LOG4J2 = """
			status = warn
			appender.console.type = Console
			appender.console.name = console
			appender.console.layout.type = PatternLayout
			appender.console.layout.pattern = %d{ISO8601} %-5p [%c{1}] %m%n
			rootLogger.level = warn
			rootLogger.appenderRef.console.ref = console
			logger.server.name = kafka.server.KafkaRaftServer
			logger.server.level = info
			logger.coordinators.name = org.apache.kafka.coordinator.common.runtime.CoordinatorRuntime
			logger.coordinators.level = info
			""";

	@Override
	public String name() {
		return NAME;
	}

	@Override
	public String title() {
		return "Kafka";
	}

	@Override
	public String url() {
		return bootstrapServers();
	}

	@Override
	public List<Integer> ports() {
		return List.of(this.config.ports().kafka(), this.config.ports().kafkaController());
	}

	@Override
	public boolean stop(ManagedProcess process) {
		return process.stop(this.appCds.stopGrace(NAME, Duration.ofSeconds(30)));
	}

}
