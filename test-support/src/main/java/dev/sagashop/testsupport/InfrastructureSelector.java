package dev.sagashop.testsupport;

import java.nio.file.Files;
import java.nio.file.Path;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.testcontainers.DockerClientFactory;

/**
 * Chooses containers or embedded infrastructure once per JVM, starts it on first use and
 * stops it when the tests are over (or else when the JVM exits).
 * {@code SAGASHOP_TEST_INFRA} ({@code containers} or {@code embedded}) overrides the
 * detection.
 */
final class InfrastructureSelector {

	private static final Log logger = LogFactory.getLog(InfrastructureSelector.class);

	private static TestInfrastructure infrastructure;

	private static boolean stopped;

	private InfrastructureSelector() {
	}

	static synchronized TestInfrastructure get() {
		if (infrastructure == null) {
			infrastructure = useContainers() ? ContainerInfrastructure.start() : EmbeddedInfrastructure.start();
			Runtime.getRuntime().addShutdownHook(new Thread(InfrastructureSelector::stop, "test-infrastructure-stop"));
		}
		return infrastructure;
	}

	/**
	 * Stops the infrastructure if it was started and is not stopped yet: when the tests
	 * are over ({@link TestJvmShutdown}), or else at the JVM's exit.
	 */
	static synchronized void stop() {
		if (infrastructure != null && !stopped) {
			stopped = true;
			infrastructure.stop();
		}
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

	/** Asked once, by {@link #get()}. */
	private static boolean useContainers() {
		String choice = System.getenv().getOrDefault("SAGASHOP_TEST_INFRA", "auto");
		boolean useContainers = switch (choice) {
			case "containers" -> true;
			case "embedded" -> false;
			default -> dockerMayRun() && DockerClientFactory.instance().isDockerAvailable();
		};
		logger.info("Integration tests use "
				+ (useContainers ? "Testcontainers" : "embedded PostgreSQL and an in-process KRaft broker"));
		return useContainers;
	}

}
