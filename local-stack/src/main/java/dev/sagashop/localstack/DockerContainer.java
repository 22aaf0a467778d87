package dev.sagashop.localstack;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * PostgreSQL or the Kafka broker as a Docker container instead of a process, where the
 * stack is asked to ({@code SAGASHOP_TEST_INFRA=containers}), from the images the
 * integration tests start ({@code test-support/.../sagashop/test-images.properties}; ADR
 * 2). The container shares the host's network, so it serves on the stack's own ports; its
 * data lives in a volume named after the stack's state directory, so it survives
 * {@code down}, and is made anew with the state directory. The stack tracks it by the pid
 * its main process has on this host: a signal to that pid reaches the server, as it would
 * reach the process it replaces, and the container ends with it.
 *
 * @param name the process's name in the stack, e.g. {@code postgres}
 * @param image the image
 * @param dataPath where the image keeps its data, the volume's mount point
 */
record DockerContainer(String name, String image, String dataPath) {

	private static final Duration STARTING = Duration.ofSeconds(30);

	/**
	 * The container of one of the test images.
	 * @param config the stack
	 * @param name the process's name in the stack, also the key of its image
	 * @param dataPath where the image keeps its data
	 * @return the container
	 */
	static DockerContainer of(StackConfig config, String name, String dataPath) {
		Path file = config.home().resolve("test-support/src/main/resources/sagashop/test-images.properties");
		Properties images = new Properties();
		try (InputStream in = Files.newInputStream(file)) {
			images.load(in);
		}
		catch (IOException ex) {
			throw new StackException("Cannot read the container images from " + file + ": " + ex, null);
		}
		return new DockerContainer(name, images.getProperty(name), dataPath);
	}

	/**
	 * Runs the container (removed when it ends) and waits until its main process runs.
	 * @param config the stack, which names the container and its volume
	 * @param environment the container's environment
	 * @param command the image's command, or none for its default
	 * @param log where the container's output goes
	 * @return the container's main process
	 * @throws StackException when Docker cannot start it
	 */
	ManagedProcess run(StackConfig config, Map<String, String> environment, List<String> command, Path log) {
		String container = containerName(config);
		List<String> run = new ArrayList<>(List.of("docker", "run", "--rm", "--name", container, "--network", "host",
				"--volume", container + ":" + this.dataPath));
		environment.forEach((key, value) -> run.addAll(List.of("--env", key + "=" + value)));
		run.add(this.image);
		run.addAll(command);
		Path volumeMark = config.stateDir().resolve("containers/" + container + ".volume");
		try {
			docker(List.of("docker", "rm", "--force", container));
			if (!Files.exists(volumeMark)) {
				// The volume of a state directory removed since: its data would not
				// match the new one's (the superuser's password, Kafka's offsets).
				docker(List.of("docker", "volume", "rm", "--force", container));
				Files.createDirectories(volumeMark.getParent());
				Files.writeString(volumeMark, this.image + "\n");
			}
			Files.createDirectories(log.getParent());
			// The client stays attached and copies the container's output to the log.
			Process client = Launch.detached(run, Map.of(), log);
			long deadline = System.nanoTime() + STARTING.toNanos();
			while (System.nanoTime() < deadline && client.isAlive()) {
				String pid = docker(List.of("docker", "inspect", "--format", "{{.State.Pid}}", container)).trim();
				if (pid.matches("[1-9][0-9]*")) {
					ProcessHandle handle = ProcessHandle.of(Long.parseLong(pid))
						.orElseThrow(() -> new StackException(container + " ended as it started", log));
					return ManagedProcess.of(this.name, handle, container + " (" + this.image + ")", log);
				}
				Thread.sleep(200);
			}
			throw new StackException("Docker did not start " + container + " from " + this.image
					+ " (is the image there? test-support/containers/build-images.sh builds it)", log);
		}
		catch (IOException ex) {
			throw new StackException("Cannot run docker: " + ex.getMessage(), log);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new StackException("Interrupted while starting " + container, log);
		}
	}

	/** One container and one volume per state directory and process. */
	private String containerName(StackConfig config) {
		return "sagashop-" + Integer.toHexString(config.stateDir().toString().hashCode()) + "-" + this.name;
	}

	private static String docker(List<String> command) throws IOException, InterruptedException {
		Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		process.waitFor(30, TimeUnit.SECONDS);
		return output;
	}

}
