package dev.sagashop.testsupport;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Lints an API document with Redocly CLI and its recommended rules, as pinned in
 * {@code tools/api-lint} (ADR 27): installed there with {@code npm ci} on first use, run
 * with Node.js. Where there is no npm the lint is skipped with a message, except on CI
 * ({@code CI} set), where that fails the build.
 */
public final class ApiLint {

	static final String TOOL = "tools/api-lint";

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private ApiLint() {
	}

	/**
	 * The problems Redocly CLI finds in a document, errors and warnings alike.
	 * @param document an OpenAPI (or AsyncAPI) document
	 * @return one line per problem: severity, rule, where, message; empty when it passes
	 * @throws IOException when the tool cannot run
	 * @throws InterruptedException when interrupted
	 */
	public static List<String> problems(Path document) throws IOException, InterruptedException {
		Path tool = toolDirectory();
		install(tool);
		Path output = Files.createTempFile("redocly", ".json");
		try {
			ProcessBuilder lint = new ProcessBuilder(tool.resolve("node_modules/.bin/redocly").toString(), "lint",
					"--config", tool.resolve("redocly.yaml").toString(), "--format", "json",
					document.toAbsolutePath().toString())
				.redirectOutput(output.toFile())
				.redirectError(ProcessBuilder.Redirect.DISCARD);
			lint.environment().put("REDOCLY_TELEMETRY", "off");
			lint.environment().put("REDOCLY_SUPPRESS_UPDATE_NOTICE", "true");
			int exit = run(lint, 120);
			String report = Files.readString(output, StandardCharsets.UTF_8);
			if (report.isBlank()) {
				throw new IOException("Redocly CLI wrote no report (exit code " + exit + ") for " + document);
			}
			List<String> problems = new ArrayList<>();
			for (JsonNode problem : JSON.readTree(report).required("problems")) {
				problems.add(problem.path("severity").asString() + " " + problem.path("ruleId").asString() + " at "
						+ problem.at("/location/0/pointer").asString("?") + ": " + problem.path("message").asString());
			}
			return problems;
		}
		finally {
			Files.deleteIfExists(output);
		}
	}

	/**
	 * The repository's {@code tools/api-lint}, found from the module the tests run in.
	 */
	static Path toolDirectory() {
		for (Path directory = Path.of("").toAbsolutePath(); directory != null; directory = directory.getParent()) {
			if (Files.isRegularFile(directory.resolve(TOOL).resolve("package.json"))) {
				return directory.resolve(TOOL);
			}
		}
		throw new IllegalStateException("No " + TOOL + " above " + Path.of("").toAbsolutePath());
	}

	/** {@code npm ci} once per checkout (again when the lock file changed). */
	private static synchronized void install(Path tool) throws IOException, InterruptedException {
		Path lock = tool.resolve("package-lock.json");
		Path installed = tool.resolve("node_modules/.package-lock.json");
		if (Files.exists(installed)
				&& Files.getLastModifiedTime(installed).compareTo(Files.getLastModifiedTime(lock)) >= 0
				&& Files.exists(tool.resolve("node_modules/.bin/redocly"))) {
			return;
		}
		boolean npm = hasNpm();
		if (!npm && System.getenv("CI") != null) {
			throw new IllegalStateException("npm (Node.js 20 or later) is needed to lint the API documents");
		}
		assumeTrue(npm, "No npm here: the API documents are not linted (Node.js 20 or later lints them)");
		ProcessBuilder ci = new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund", "--ignore-scripts")
			.directory(tool.toFile())
			.redirectErrorStream(true)
			.redirectOutput(ProcessBuilder.Redirect.INHERIT);
		int exit = run(ci, 600);
		if (exit != 0) {
			throw new IOException("npm ci in " + tool + " failed with exit code " + exit);
		}
	}

	private static boolean hasNpm() {
		try {
			return run(new ProcessBuilder("npm", "--version").redirectErrorStream(true)
				.redirectOutput(ProcessBuilder.Redirect.DISCARD), 60) == 0;
		}
		catch (IOException ex) {
			return false;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	private static int run(ProcessBuilder builder, int timeoutSeconds) throws IOException, InterruptedException {
		Process process = builder.start();
		if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
			process.destroyForcibly();
			throw new IOException(String.join(" ", builder.command()) + " took more than " + timeoutSeconds + " s");
		}
		return process.exitValue();
	}

}
