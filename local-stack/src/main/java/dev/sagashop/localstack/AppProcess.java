package dev.sagashop.localstack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.zip.ZipFile;

/**
 * An app of the stack as a process: its jar run with the stack's JVM options (and its
 * class-data archive, AppCDS), ready when its readiness probe answers, stopped with a
 * grace period long enough to write that archive on the first stop after a build.
 */
final class AppProcess implements StackProcess {

	static final Duration STOP_GRACE = Duration.ofSeconds(30);

	private final App app;

	private final StackConfig config;

	private final AppCds appCds;

	private volatile List<String> launchArguments;

	private volatile List<String> springAotOptions = List.of();

	AppProcess(App app, StackConfig config, AppCds appCds) {
		this.app = app;
		this.config = config;
		this.appCds = appCds;
	}

	@Override
	public String name() {
		return this.app.name();
	}

	@Override
	public String url() {
		return this.app.url();
	}

	@Override
	public List<Integer> ports() {
		return List.of(this.app.port());
	}

	String jar() {
		return this.app.jar();
	}

	/** Finds or plans its class-data archive; the apps do this side by side. */
	@Override
	public void prepare() {
		Path jar = this.config.home().resolve(this.app.jar());
		this.launchArguments = this.appCds.launchArguments(this.app.name(), jar,
				this.config.jvmOptions(this.app.module()));
		this.springAotOptions = aotProcessed(jar) ? this.config.springAotOptions() : List.of();
	}

	/**
	 * Whether a jar holds the bean definitions its build worked out (ADR 42): a jar built
	 * before that, or without it, starts the plain way rather than not at all.
	 * @param jar an app's executable jar
	 * @return whether it has Spring's generated context initializer
	 */
	static boolean aotProcessed(Path jar) {
		try (ZipFile zip = new ZipFile(jar.toFile())) {
			return zip.stream()
				.anyMatch((entry) -> entry.getName().startsWith("BOOT-INF/classes/")
						&& entry.getName().endsWith("__ApplicationContextInitializer.class"));
		}
		catch (IOException ex) {
			return false;
		}
	}

	@Override
	public Optional<ManagedProcess> start() {
		if (this.launchArguments == null) {
			prepare();
		}
		Path log = this.config.logs().resolve(this.app.name() + ".log");
		List<String> command = new ArrayList<>();
		command.add(Launch.java());
		command.addAll(Launch.nativeMemoryOptions());
		command.addAll(this.config.jvmOptions(this.app.module()));
		command.addAll(this.springAotOptions);
		command.add("-Dsagashop.process=" + this.app.name());
		command.addAll(this.launchArguments);
		try {
			Files.createDirectories(this.config.logs());
			Process process = Launch.detached(command, this.app.environment(), log);
			return Optional.of(ManagedProcess.of(this.app.name(), process.toHandle(), this.app.url(), log));
		}
		catch (IOException ex) {
			throw new StackException("Cannot start " + this.app.name() + ": " + ex.getMessage(), log);
		}
	}

	@Override
	public boolean isReady() {
		return LocalStack.answers200(this.app.readinessUrl());
	}

	@Override
	public boolean stop(ManagedProcess process) {
		return process.stop(this.appCds.stopGrace(this.app.name(), STOP_GRACE));
	}

	/**
	 * Whether the app writes its class-data archive when it stops (first stop after a
	 * build).
	 */
	boolean isRecordingArchive() {
		return this.appCds.isRecording(this.app.name());
	}

}
