package dev.sagashop.testsupport;

import java.nio.file.Files;
import java.nio.file.Path;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.testcontainers.DockerClientFactory;

/**
 * Chooses containers or embedded infrastructure once per JVM and starts it on first use.
 * {@code SAGASHOP_TEST_INFRA} ({@code containers} or {@code embedded}) overrides the
 * detection.
 */
final class InfrastructureSelector {

	private static final Log logger = LogFactory.getLog(InfrastructureSelector.class);

	private static Boolean useContainers;

	private InfrastructureSelector() {
	}

	static synchronized TestInfrastructure get() {
		return useContainers() ? ContainerInfrastructure.get() : EmbeddedInfrastructure.get();
	}

	/**
	 * Whether any Docker endpoint is configured at all; without one, asking
	 * Testcontainers only prints a long error before answering no.
	 */
	private static boolean dockerMayRun() {
		Path home = Path.of(System.getProperty("user.home"));
		return System.getenv("DOCKER_HOST") != null || Files.exists(Path.of("/var/run/docker.sock"))
				|| Files.exists(home.resolve(".docker/run/docker.sock"))
				|| Files.exists(home.resolve(".testcontainers.properties"));
	}

	private static boolean useContainers() {
		if (useContainers == null) {
			String choice = System.getenv().getOrDefault("SAGASHOP_TEST_INFRA", "auto");
			useContainers = switch (choice) {
				case "containers" -> true;
				case "embedded" -> false;
				default -> dockerMayRun() && DockerClientFactory.instance().isDockerAvailable();
			};
			logger.info("Integration tests use "
					+ (useContainers ? "Testcontainers" : "embedded PostgreSQL and an in-process KRaft broker"));
		}
		return useContainers;
	}

}
