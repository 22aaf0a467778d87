package dev.sagashop.localstack;

import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class KafkaBrokerTest {

	private final StackConfig config = StackConfig.fromEnvironment(Path.of("/repo"),
			Map.of("SAGASHOP_PORT_OFFSET", "20000"));

	private final KafkaBroker broker = new KafkaBroker(this.config, "java",
			new AppCds(this.config.stateDir(), "java", true));

	@Test
	void givesTheContainerEverySettingInTheImagesNaming() {
		Map<String, String> environment = this.broker.containerEnvironment();
		assertThat(environment).containsEntry("KAFKA_PROCESS_ROLES", "broker,controller")
			.containsEntry("KAFKA_LISTENERS", "PLAINTEXT://localhost:29092,CONTROLLER://localhost:29093")
			.containsEntry("KAFKA_CONTROLLER_QUORUM_VOTERS", "1@localhost:29093")
			.containsEntry("KAFKA_NUM_PARTITIONS", "3")
			.containsEntry("KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS", "0")
			.containsEntry("KAFKA_OFFSETS_TOPIC_SEGMENT_BYTES", "1048576")
			.containsKeys("CLUSTER_ID", "KAFKA_HEAP_OPTS", "KAFKA_OPTS");
	}

	@Test
	void runsTheBrokerWithTheJvmOptionsSetForIt() {
		StackConfig config = StackConfig.fromEnvironment(Path.of("/repo"),
				Map.of("SAGASHOP_KAFKA_JAVA_OPTS", " -Xms64m -Xmx128m  -XX:+UseSerialGC "));
		KafkaBroker broker = new KafkaBroker(config, "java", new AppCds(config.stateDir(), "java", true));
		assertThat(broker.containerEnvironment()).containsEntry("KAFKA_HEAP_OPTS", "-Xms64m -Xmx128m")
			.containsEntry("KAFKA_OPTS", "-XX:+UseSerialGC");
		assertThat(this.broker.containerEnvironment()).containsEntry("KAFKA_HEAP_OPTS", "-Xms128m -Xmx256m")
			.containsEntry("KAFKA_OPTS",
					"-XX:+UseG1GC -XX:MaxGCPauseMillis=20 -XX:InitiatingHeapOccupancyPercent=35 -XX:TieredStopAtLevel=1 "
							+ "-XX:CompileThresholdScaling=4");
	}

	@Test
	void keepsTheContainersDataInItsVolumeNotInTheStateDirectory() {
		assertThat(this.broker.containerEnvironment()).containsEntry("KAFKA_LOG_DIRS", "/var/lib/kafka/data");
	}

}
