package dev.sagashop.localstack;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * Application class-data sharing for the stack's JVMs: the apps and Zipkin (executable
 * jars, each extracted once per build, since classes inside a fat jar cannot be archived)
 * and the Kafka broker (plain jars on a class path). The first run records an archive
 * when it exits, and later runs map it. Measured here: an app starts in ~2.7 s instead of
 * ~7 s; on 2026-12-03 the broker's start took 7.1-8.3 s of CPU instead of 9.0-9.7 and
 * Zipkin's 2.7-2.9 s instead of 5.1-5.7 (ADR 3).
 * <p>
 * On Java {@value #AOT_CACHE_SINCE} and later the archive is an AOT cache (JEPs 483, 514
 * and 515: the classes loaded and linked ahead of time, with method profiles) instead of
 * a dynamic CDS archive: orders-service's start took a median ~14 % less CPU with it than
 * with the dynamic archive on the same JDK (ADR 38). An archive holds only for the JVM
 * that recorded it: another one (a JDK switched with {@code JAVA_HOME}) records its own.
 * An AOT cache's training data is replayed only by a process with the compiler options of
 * the run that recorded it: a process on C2 that replayed a C1-only run's kept thousands
 * of methods at C1's level (ADR 38, addendum).
 */
final class AppCds {

	/** The first Java release whose AOT cache is recorded in one run, as it exits. */
	static final int AOT_CACHE_SINCE = 25;

	/**
	 * How long a process that writes its archive as it exits is given to stop: seconds
	 * each, longer with several at once on few cores.
	 */
	static final Duration ARCHIVE_STOP_GRACE = Duration.ofSeconds(180);

	/**
	 * Maps an AOT cache's classes without replaying its training data (the methods'
	 * profiles and compilations of the run that recorded it).
	 */
	static final List<String> NO_TRAINING_REPLAY = List.of("-XX:+UnlockDiagnosticVMOptions", "-XX:-AOTReplayTraining");

	private final Path appsDir;

	private final String java;

	private final boolean enabled;

	private final Jvm jvm;

	/**
	 * The archives of the JVM running this launcher, which runs every process of the
	 * stack ({@link Launch#java()}).
	 * @param stateDir the stack's state directory
	 * @param java the java executable that extracts jars
	 * @param enabled {@code false} to run every process without an archive
	 * ({@code SAGASHOP_APPCDS=false})
	 */
	AppCds(Path stateDir, String java, boolean enabled) {
		this(stateDir, java, enabled, Jvm.current());
	}

	AppCds(Path stateDir, String java, boolean enabled, Jvm jvm) {
		this.appsDir = stateDir.resolve("apps");
		this.java = java;
		this.enabled = enabled;
		this.jvm = jvm;
	}

	/**
	 * The JVM that records and maps the archives.
	 *
	 * @param feature its Java release (17, 25, ...)
	 * @param id what tells it from another install or build: its version and home
	 */
	record Jvm(int feature, String id) {

		static Jvm current() {
			return new Jvm(Runtime.version().feature(), Runtime.version() + " " + System.getProperty("java.home"));
		}

	}

	/**
	 * The JVM arguments that run {@code jar}: the archive options and {@code -jar} of the
	 * extracted copy (just {@code -jar} and the jar when disabled).
	 * @param name the app's name
	 * @param jar its executable jar
	 * @param jvmOptions the other JVM options it runs with
	 * @return the arguments, to follow the other JVM options
	 */
	List<String> launchArguments(String name, Path jar, List<String> jvmOptions) {
		if (!this.enabled) {
			return List.of("-jar", jar.toString());
		}
		Path dir = this.appsDir.resolve(name);
		Path marker = dir.resolve("extracted-from");
		try {
			String source = source(jar);
			if (!Files.exists(marker) || !Files.readString(marker).equals(source)) {
				deleteRecursively(dir);
				deleteArchive(name);
				extract(jar, dir);
				Files.writeString(marker, source);
			}
			return withArchive(name, jvmOptions, List.of("-jar", dir.resolve(jar.getFileName()).toString()));
		}
		catch (IOException ex) {
			throw new StackException("Could not prepare " + dir + " for AppCDS: " + ex, null);
		}
	}

	/**
	 * The JVM arguments that run a main class from the jars of a directory: the archive
	 * options and the class path. The archive holds for the directory's jars as they are:
	 * one added, removed or rebuilt, and the next run records it again. Disabled, the
	 * class path is the directory's wildcard.
	 * @param name the process's name
	 * @param libDir the directory of its jars
	 * @param jvmOptions the other JVM options it runs with
	 * @return the arguments, to follow the other JVM options and precede the main class
	 */
	List<String> classpathArguments(String name, Path libDir, List<String> jvmOptions) {
		if (!this.enabled) {
			return List.of("-cp", libDir + File.separator + "*");
		}
		Path stamp = this.appsDir.resolve(name + ".classpath");
		try (Stream<Path> jars = Files.list(libDir)) {
			List<Path> classpath = jars.filter((jar) -> jar.toString().endsWith(".jar")).sorted().toList();
			StringBuilder source = new StringBuilder();
			for (Path jar : classpath) {
				source.append(source(jar)).append('\n');
			}
			if (!Files.exists(stamp) || !Files.readString(stamp).contentEquals(source)) {
				deleteArchive(name);
				Files.createDirectories(this.appsDir);
				Files.writeString(stamp, source);
			}
			// Listed rather than a wildcard: the archive holds for the order it was
			// recorded with.
			return withArchive(name, jvmOptions,
					List.of("-cp", String.join(File.pathSeparator, classpath.stream().map(Path::toString).toList())));
		}
		catch (IOException ex) {
			throw new StackException("Could not prepare the class-data archive of " + name + ": " + ex, null);
		}
	}

	private List<String> withArchive(String name, List<String> jvmOptions, List<String> launch) throws IOException {
		Path recordedBy = this.appsDir.resolve(name + ".jvm");
		if (!Files.exists(recordedBy) || !Files.readString(recordedBy).equals(this.jvm.id())) {
			// Another JVM's archive would be refused by this one, which would then run
			// without one and never record its own.
			deleteArchive(name);
			Files.createDirectories(this.appsDir);
			Files.writeString(recordedBy, this.jvm.id());
		}
		Path archive = archive(name);
		Path recordedWith = this.appsDir.resolve(name + ".compilers");
		List<String> arguments = new ArrayList<>();
		if (Files.exists(archive)) {
			arguments.add((aotCache() ? "-XX:AOTCache=" : "-XX:SharedArchiveFile=") + archive);
			// up records the caches on C1 alone; the bench's load runs on C2, where a C1
			// run's training data kept 5 249 of the broker's methods at C1's level.
			if (aotCache() && !(Files.exists(recordedWith)
					&& Files.readString(recordedWith).equals(compilerOptions(jvmOptions)))) {
				arguments.addAll(NO_TRAINING_REPLAY);
			}
		}
		else if (aotCache()) {
			// Records the run's classes, linked, and its profiles when it exits (a JVM of
			// its own then writes the cache); -Xlog keeps the notes about classes it
			// skips out of the process's log.
			Files.writeString(recordedWith, compilerOptions(jvmOptions));
			arguments.addAll(List.of("-XX:AOTCacheOutput=" + archive, "-Xlog:aot=off", "-Xlog:cds=off"));
		}
		else {
			// Records the classes this run loads when it exits (./sagashop down); -Xlog
			// keeps the dump's notes about classes it skips out of the process's log.
			arguments.addAll(List.of("-XX:ArchiveClassesAtExit=" + archive, "-Xlog:cds=off", "-Xlog:cds+dynamic=off"));
		}
		arguments.addAll(launch);
		return arguments;
	}

	/**
	 * The options that decide which compilers a JVM runs ({@code -XX:TieredStopAtLevel},
	 * {@code -XX:±TieredCompilation}), as one string.
	 * @param jvmOptions a process's JVM options
	 * @return those of them, in their order
	 */
	static String compilerOptions(List<String> jvmOptions) {
		return String.join(" ", jvmOptions.stream()
			.filter((option) -> option.startsWith("-XX:TieredStopAtLevel=") || option.endsWith("TieredCompilation"))
			.toList());
	}

	private boolean aotCache() {
		return this.jvm.feature() >= AOT_CACHE_SINCE;
	}

	/**
	 * The process's archive for this JVM: an AOT cache ({@code .aot}) or a dynamic CDS
	 * archive ({@code .jsa}).
	 * @param name the process's name
	 * @return its path, whether it exists yet or not
	 */
	Path archive(String name) {
		return this.appsDir.resolve(name + (aotCache() ? ".aot" : ".jsa"));
	}

	private void deleteArchive(String name) throws IOException {
		Files.deleteIfExists(this.appsDir.resolve(name + ".jsa"));
		Files.deleteIfExists(this.appsDir.resolve(name + ".aot"));
		Files.deleteIfExists(this.appsDir.resolve(name + ".compilers"));
	}

	/**
	 * Whether the process's current run records its archive when it exits, which takes
	 * seconds (longer with several at once on few cores).
	 * @param name the process's name
	 * @return {@code true} while no archive exists beside an extracted jar or a recorded
	 * class path; never when disabled
	 */
	boolean isRecording(String name) {
		return this.enabled && (Files.exists(this.appsDir.resolve(name).resolve("extracted-from"))
				|| Files.exists(this.appsDir.resolve(name + ".classpath"))) && !Files.exists(archive(name));
	}

	/**
	 * How long a process is given to stop: its usual grace period, or
	 * {@link #ARCHIVE_STOP_GRACE} while it records its archive.
	 * @param name the process's name
	 * @param usual its grace period otherwise
	 * @return the grace period
	 */
	Duration stopGrace(String name, Duration usual) {
		return isRecording(name) ? ARCHIVE_STOP_GRACE : usual;
	}

	private void extract(Path executable, Path dir) throws IOException {
		Files.createDirectories(dir.getParent());
		// The copy keeps the jar's name: the extracted jar is named after it.
		Path jar = withoutLaunchScript(executable,
				dir.resolveSibling(dir.getFileName() + "-source").resolve(executable.getFileName()));
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
		finally {
			if (!jar.equals(executable)) {
				deleteRecursively(jar.getParent()); // the copy, once extracted
			}
		}
	}

	/**
	 * The jar itself, or a copy without the shell script some executable jars start with
	 * (Zipkin's), which Spring Boot's extraction refuses. The entries are copied as they
	 * are: nested jars stay stored, as Spring Boot's loader needs them.
	 */
	private static Path withoutLaunchScript(Path jar, Path copy) throws IOException {
		try (InputStream in = Files.newInputStream(jar)) {
			byte[] start = in.readNBytes(2);
			if (start.length == 2 && start[0] == 'P' && start[1] == 'K') {
				return jar;
			}
		}
		Files.createDirectories(copy.getParent());
		try (ZipFile source = new ZipFile(jar.toFile());
				ZipOutputStream target = new ZipOutputStream(Files.newOutputStream(copy))) {
			for (ZipEntry entry : Collections.list(source.entries())) {
				ZipEntry copied = new ZipEntry(entry.getName());
				copied.setMethod(entry.getMethod());
				copied.setTime(entry.getTime());
				if (entry.getMethod() == ZipEntry.STORED) {
					copied.setSize(entry.getSize());
					copied.setCompressedSize(entry.getSize());
					copied.setCrc(entry.getCrc());
				}
				target.putNextEntry(copied);
				try (InputStream content = source.getInputStream(entry)) {
					content.transferTo(target);
				}
				target.closeEntry();
			}
		}
		return copy;
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
