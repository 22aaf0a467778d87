package dev.sagashop.localstack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Application class-data sharing for the apps: each jar is extracted once per build
 * (classes inside a fat jar cannot be archived), the first run records an archive when it
 * exits, and later runs map it. Measured here: an app starts in ~2.7 s instead of ~7 s.
 */
final class AppCds {

	private final Path appsDir;

	private final String java;

	AppCds(Path stateDir, String java) {
		this.appsDir = stateDir.resolve("apps");
		this.java = java;
	}

	/**
	 * The JVM arguments that run {@code jar}: the archive options and {@code -jar} of the
	 * extracted copy.
	 * @param name the app's name
	 * @param jar its executable jar
	 * @return the arguments, to follow the other JVM options
	 */
	List<String> launchArguments(String name, Path jar) {
		Path dir = this.appsDir.resolve(name);
		Path archive = this.appsDir.resolve(name + ".jsa");
		Path marker = dir.resolve("extracted-from");
		try {
			String source = source(jar);
			if (!Files.exists(marker) || !Files.readString(marker).equals(source)) {
				deleteRecursively(dir);
				Files.deleteIfExists(archive);
				extract(jar, dir);
				Files.writeString(marker, source);
			}
		}
		catch (IOException ex) {
			throw new StackException("Could not prepare " + dir + " for AppCDS: " + ex, null);
		}
		Path extracted = dir.resolve(jar.getFileName());
		if (Files.exists(archive)) {
			return List.of("-XX:SharedArchiveFile=" + archive, "-jar", extracted.toString());
		}
		// Records the classes this run loads when it exits (./sagashop down); -Xlog
		// keeps the dump's notes about classes it skips out of the app's log.
		return List.of("-XX:ArchiveClassesAtExit=" + archive, "-Xlog:cds=off", "-Xlog:cds+dynamic=off", "-jar",
				extracted.toString());
	}

	/**
	 * Whether the app's current run records its archive when it exits, which takes
	 * seconds (longer with several apps at once on few cores).
	 * @param name the app's name
	 * @return {@code true} while no archive exists beside an extracted jar
	 */
	boolean isRecording(String name) {
		return Files.exists(this.appsDir.resolve(name).resolve("extracted-from"))
				&& !Files.exists(this.appsDir.resolve(name + ".jsa"));
	}

	private void extract(Path jar, Path dir) throws IOException {
		Files.createDirectories(dir.getParent());
		Process process = new ProcessBuilder(this.java, "-Djarmode=tools", "-jar", jar.toString(), "extract",
				"--destination", dir.toString())
			.redirectErrorStream(true)
			.redirectOutput(
					ProcessBuilder.Redirect.appendTo(dir.resolveSibling(dir.getFileName() + "-extract.log").toFile()))
			.start();
		try {
			if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0) {
				process.destroyForcibly();
				throw new StackException("Could not extract " + jar + " for AppCDS (set SAGASHOP_APPCDS=false to "
						+ "run the jars as they are)", dir.resolveSibling(dir.getFileName() + "-extract.log"));
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new StackException("Interrupted while extracting " + jar, null);
		}
	}

	private static String source(Path jar) throws IOException {
		return jar + " " + Files.size(jar) + " " + Files.getLastModifiedTime(jar).toMillis();
	}

	private static void deleteRecursively(Path dir) throws IOException {
		if (!Files.exists(dir)) {
			return;
		}
		try (Stream<Path> paths = Files.walk(dir)) {
			for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
				Files.delete(path);
			}
		}
	}

}
