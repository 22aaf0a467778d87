package dev.sagashop.localstack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class AppCdsTest {

	static final AppCds.Jvm JAVA_17 = new AppCds.Jvm(17, "17.0.15+6 /usr/lib/jvm/java-17");

	static final AppCds.Jvm JAVA_25 = new AppCds.Jvm(25, "25.0.3+9-LTS /usr/lib/jvm/temurin-25");

	/** Options as ./sagashop up's: C1 alone. */
	static final List<String> LEAN = StackConfig.LEAN_JVM_OPTIONS;

	@TempDir
	Path state;

	@TempDir
	Path lib;

	@Test
	void recordsAClassPathsArchiveOnceAndMapsItUntilAJarChanges() throws IOException {
		Files.writeString(this.lib.resolve("b.jar"), "b");
		Files.writeString(this.lib.resolve("a.jar"), "a");
		Files.writeString(this.lib.resolve("notes.txt"), "not a jar");
		AppCds appCds = new AppCds(this.state, "java", true, JAVA_17);
		Path archive = this.state.resolve("apps/kafka.jsa");
		String classpath = this.lib.resolve("a.jar") + ":" + this.lib.resolve("b.jar");

		assertThat(appCds.classpathArguments("kafka", this.lib, LEAN)).containsSequence("-cp", classpath)
			.contains("-XX:ArchiveClassesAtExit=" + archive);
		assertThat(appCds.isRecording("kafka")).isTrue();

		Files.writeString(archive, "recorded at exit");
		assertThat(appCds.classpathArguments("kafka", this.lib, LEAN))
			.isEqualTo(List.of("-XX:SharedArchiveFile=" + archive, "-cp", classpath));
		assertThat(appCds.isRecording("kafka")).isFalse();

		Files.setLastModifiedTime(this.lib.resolve("b.jar"), FileTime.fromMillis(0));
		assertThat(appCds.classpathArguments("kafka", this.lib, LEAN)).contains("-XX:ArchiveClassesAtExit=" + archive);
		assertThat(archive).doesNotExist();
		assertThat(appCds.isRecording("kafka")).isTrue();
	}

	@Test
	void aProcessWithoutAnArchivePlannedIsNotRecording() {
		assertThat(new AppCds(this.state, "java", true, JAVA_17).isRecording("zipkin")).isFalse();
	}

	@Test
	void onJava25RecordsAnAotCacheAndMapsIt() throws IOException {
		Files.writeString(this.lib.resolve("a.jar"), "a");
		AppCds appCds = new AppCds(this.state, "java", true, JAVA_25);
		Path cache = this.state.resolve("apps/kafka.aot");
		assertThat(appCds.archive("kafka")).isEqualTo(cache);

		assertThat(appCds.classpathArguments("kafka", this.lib, LEAN)).contains("-XX:AOTCacheOutput=" + cache)
			.doesNotContain("-XX:ArchiveClassesAtExit=" + this.state.resolve("apps/kafka.jsa"));
		assertThat(appCds.isRecording("kafka")).isTrue();

		Files.writeString(cache, "written as it exited");
		assertThat(appCds.classpathArguments("kafka", this.lib, LEAN))
			.isEqualTo(List.of("-XX:AOTCache=" + cache, "-cp", this.lib.resolve("a.jar").toString()));
		assertThat(appCds.isRecording("kafka")).isFalse();
	}

	@Test
	void onJava25ACacheIsMappedWithoutItsTrainingDataWhereTheCompilersDifferFromTheRecordingRuns() throws IOException {
		Files.writeString(this.lib.resolve("a.jar"), "a");
		AppCds appCds = new AppCds(this.state, "java", true, JAVA_25);
		Path cache = this.state.resolve("apps/kafka.aot");
		String jar = this.lib.resolve("a.jar").toString();
		assertThat(appCds.classpathArguments("kafka", this.lib, LEAN)).contains("-XX:AOTCacheOutput=" + cache);
		Files.writeString(cache, "recorded on C1 alone");

		assertThat(appCds.classpathArguments("kafka", this.lib, LEAN))
			.isEqualTo(List.of("-XX:AOTCache=" + cache, "-cp", jar));
		assertThat(appCds.classpathArguments("kafka", this.lib, List.of("-Xss512k", "-XX:+UseSerialGC"))).isEqualTo(List
			.of("-XX:AOTCache=" + cache, "-XX:+UnlockDiagnosticVMOptions", "-XX:-AOTReplayTraining", "-cp", jar));
		assertThat(appCds.isRecording("kafka")).isFalse();
	}

	@Test
	void aCacheRecordedBeforeItsCompilersWereNotedIsNotReplayedAndADynamicArchiveHasNothingToReplay()
			throws IOException {
		Files.writeString(this.lib.resolve("a.jar"), "a");
		new AppCds(this.state, "java", true, JAVA_25).classpathArguments("kafka", this.lib, LEAN);
		Files.writeString(this.state.resolve("apps/kafka.aot"), "recorded");
		Files.delete(this.state.resolve("apps/kafka.compilers"));
		assertThat(new AppCds(this.state, "java", true, JAVA_25).classpathArguments("kafka", this.lib, LEAN))
			.containsSequence(AppCds.NO_TRAINING_REPLAY);

		Path other = this.state.resolve("other");
		new AppCds(other, "java", true, JAVA_17).classpathArguments("kafka", this.lib, LEAN);
		Files.writeString(other.resolve("apps/kafka.jsa"), "recorded");
		assertThat(new AppCds(other, "java", true, JAVA_17).classpathArguments("kafka", this.lib, List.of()))
			.doesNotContainAnyElementsOf(AppCds.NO_TRAINING_REPLAY);
	}

	@Test
	void theCompilerOptionsAreThoseThatChooseTheCompilers() {
		assertThat(AppCds.compilerOptions(StackConfig.LEAN_JVM_OPTIONS)).isEqualTo("-XX:TieredStopAtLevel=1");
		assertThat(AppCds.compilerOptions(List.of("-Xmx1g", "-XX:-TieredCompilation", "-XX:TieredStopAtLevel=4")))
			.isEqualTo("-XX:-TieredCompilation -XX:TieredStopAtLevel=4");
		assertThat(AppCds.compilerOptions(List.of("-Xmx1g"))).isEmpty();
	}

	@Test
	void anArchiveRecordedByAnotherJvmIsRecordedAgainRatherThanRefusedAtEveryStart() throws IOException {
		Files.writeString(this.lib.resolve("a.jar"), "a");
		Path archive = this.state.resolve("apps/kafka.jsa");
		new AppCds(this.state, "java", true, JAVA_17).classpathArguments("kafka", this.lib, LEAN);
		Files.writeString(archive, "recorded by Java 17");

		AppCds otherBuild = new AppCds(this.state, "java", true, new AppCds.Jvm(17, "17.0.16+8 /usr/lib/jvm/java-17"));
		assertThat(otherBuild.classpathArguments("kafka", this.lib, LEAN))
			.contains("-XX:ArchiveClassesAtExit=" + archive);
		assertThat(archive).doesNotExist();

		Files.writeString(archive, "recorded by 17.0.16");
		AppCds java25 = new AppCds(this.state, "java", true, JAVA_25);
		assertThat(java25.classpathArguments("kafka", this.lib, LEAN))
			.contains("-XX:AOTCacheOutput=" + this.state.resolve("apps/kafka.aot"));
		assertThat(archive).doesNotExist();
	}

	@Test
	void disabledItRunsEveryJarAsItIsAndNeverWaitsForAnArchive() throws IOException {
		Files.writeString(this.lib.resolve("a.jar"), "a");
		AppCds appCds = new AppCds(this.state, "java", false, JAVA_25);
		assertThat(appCds.classpathArguments("kafka", this.lib, LEAN)).containsExactly("-cp", this.lib + "/*");
		assertThat(appCds.launchArguments("zipkin", this.lib.resolve("a.jar"), LEAN)).containsExactly("-jar",
				this.lib.resolve("a.jar").toString());
		assertThat(appCds.isRecording("kafka")).isFalse();
		assertThat(appCds.stopGrace("kafka", Duration.ofSeconds(30))).isEqualTo(Duration.ofSeconds(30));
		assertThat(this.state.resolve("apps")).doesNotExist();
	}

}
