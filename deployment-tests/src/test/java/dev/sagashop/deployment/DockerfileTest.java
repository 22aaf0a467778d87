package dev.sagashop.deployment;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.tools.ToolProvider;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The one Dockerfile every app's image is built from (ADR 10), checked as text since no
 * Docker engine runs here; and its health check, compiled and run for real.
 */
class DockerfileTest {

	private static final String DOCKERFILE = Repository.read("Dockerfile");

	private static List<String> instructions(String name) {
		return DOCKERFILE.lines().map(String::strip).filter((line) -> line.startsWith(name + " ")).toList();
	}

	@Test
	void buildsInStagesAndRunsOnAPinnedMultiArchJre() {
		List<String> froms = instructions("FROM");
		assertThat(froms).hasSizeGreaterThanOrEqualTo(2);
		Pattern pinned = Pattern.compile("FROM ([a-z0-9./-]+):([0-9][A-Za-z0-9._-]*)( AS [a-z]+)?");
		assertThat(froms).allSatisfy((from) -> assertThat(from).matches(pinned).doesNotContain("latest"));
		assertThat(froms.get(froms.size() - 1)).as("the runtime stage").contains("eclipse-temurin:").contains("-jre");
	}

	@Test
	void runsAsAUserThatIsNotRootWithAHealthCheck() {
		List<String> users = instructions("USER");
		assertThat(users).isNotEmpty();
		Matcher user = Pattern.compile("USER (\\d+)(:\\d+)?").matcher(users.get(users.size() - 1));
		assertThat(user.matches()).as(users.toString()).isTrue();
		assertThat(Integer.parseInt(user.group(1))).isPositive();
		assertThat(DOCKERFILE).contains("HEALTHCHECK").contains("HealthCheck");
		assertThat(DOCKERFILE.indexOf("USER 10001")).as("USER comes after the last RUN as root")
			.isGreaterThan(DOCKERFILE.lastIndexOf("\nRUN "));
	}

	@Test
	void shipsSpringBootsLayersSeparately() {
		assertThat(DOCKERFILE).contains("-Djarmode=tools").contains("extract --layers --launcher");
		for (String layer : List.of("dependencies", "spring-boot-loader", "snapshot-dependencies", "application")) {
			assertThat(DOCKERFILE).contains("COPY --from=build /out/extracted/" + layer + "/");
		}
		assertThat(DOCKERFILE).contains("org.springframework.boot.loader.launch.JarLauncher");
	}

	@Test
	void buildsEveryAppModuleThatExists() {
		for (String app : Repository.APPS) {
			Path pom = Repository.HOME.resolve(app).resolve("pom.xml");
			assertThat(pom).exists();
			String build = Repository.read(app + "/pom.xml");
			if (build.contains("<artifactId>service-parent</artifactId>")) {
				build = Repository.read("service-parent/pom.xml");
			}
			assertThat(build).as(app + " builds an executable jar").contains("spring-boot-maven-plugin");
		}
		assertThat(Repository.read(".dockerignore")).contains("**/target").contains(".git");
	}

	@Test
	void theHealthCheckPassesOnlyWhenTheAppIsReady(@TempDir Path dir) throws Exception {
		Path source = Repository.HOME.resolve("docker/HealthCheck.java");
		int compiled = ToolProvider.getSystemJavaCompiler()
			.run(null, null, null, "--release", "17", "-d", dir.toString(), source.toString());
		assertThat(compiled).isZero();
		HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		server.createContext("/actuator/health/readiness", (exchange) -> {
			exchange.sendResponseHeaders(200, -1);
			exchange.close();
		});
		server.createContext("/console/actuator/health/readiness", (exchange) -> {
			exchange.sendResponseHeaders(503, -1);
			exchange.close();
		});
		server.createContext("/actuator/health/down", (exchange) -> {
			exchange.sendResponseHeaders(503, -1);
			exchange.close();
		});
		server.start();
		try {
			int port = server.getAddress().getPort();
			assertThat(run(dir, port, null)).as("ready").isZero();
			assertThat(run(dir, port, "http://127.0.0.1:" + port + "/actuator/health/down")).as("503").isEqualTo(1);
			assertThat(run(dir, port, null, "/console")).as("under its context path, not ready").isEqualTo(1);
		}
		finally {
			server.stop(0);
		}
		assertThat(run(dir, 1, null)).as("nothing listening").isEqualTo(1);
	}

	private static int run(Path classes, int port, String url) throws IOException, InterruptedException {
		return run(classes, port, url, null);
	}

	private static int run(Path classes, int port, String url, String contextPath)
			throws IOException, InterruptedException {
		String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
		ProcessBuilder builder = (url == null) ? new ProcessBuilder(java, "-cp", classes.toString(), "HealthCheck")
				: new ProcessBuilder(java, "-cp", classes.toString(), "HealthCheck", url);
		builder.environment().put("SERVER_PORT", Integer.toString(port));
		if (contextPath != null) {
			builder.environment().put("SERVER_SERVLET_CONTEXT_PATH", contextPath);
		}
		Process process = builder.redirectErrorStream(true).start();
		process.getInputStream().transferTo(System.out);
		assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
		return process.exitValue();
	}

}
