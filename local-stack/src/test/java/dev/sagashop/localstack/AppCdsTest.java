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

	@TempDir
	Path state;

	@TempDir
	Path lib;

	@Test
	void recordsAClassPathsArchiveOnceAndMapsItUntilAJarChanges() throws IOException {
		Files.writeString(this.lib.resolve("b.jar"), "b");
		Files.writeString(this.lib.resolve("a.jar"), "a");
		Files.writeString(this.lib.resolve("notes.txt"), "not a jar");
		AppCds appCds = new AppCds(this.state, "java", true);
		Path archive = this.state.resolve("apps/kafka.jsa");
		String classpath = this.lib.resolve("a.jar") + ":" + this.lib.resolve("b.jar");

		assertThat(appCds.classpathArguments("kafka", this.lib)).containsSequence("-cp", classpath)
			.contains("-XX:ArchiveClassesAtExit=" + archive);
		assertThat(appCds.isRecording("kafka")).isTrue();

		Files.writeString(archive, "recorded at exit");
		assertThat(appCds.classpathArguments("kafka", this.lib))
			.isEqualTo(List.of("-XX:SharedArchiveFile=" + archive, "-cp", classpath));
		assertThat(appCds.isRecording("kafka")).isFalse();

		Files.setLastModifiedTime(this.lib.resolve("b.jar"), FileTime.fromMillis(0));
		assertThat(appCds.classpathArguments("kafka", this.lib)).contains("-XX:ArchiveClassesAtExit=" + archive);
		assertThat(archive).doesNotExist();
		assertThat(appCds.isRecording("kafka")).isTrue();
	}

	@Test
	void aProcessWithoutAnArchivePlannedIsNotRecording() {
		assertThat(new AppCds(this.state, "java", true).isRecording("zipkin")).isFalse();
	}

	@Test
	void disabledItRunsEveryJarAsItIsAndNeverWaitsForAnArchive() throws IOException {
		Files.writeString(this.lib.resolve("a.jar"), "a");
		AppCds appCds = new AppCds(this.state, "java", false);
		assertThat(appCds.classpathArguments("kafka", this.lib)).containsExactly("-cp", this.lib + "/*");
		assertThat(appCds.launchArguments("zipkin", this.lib.resolve("a.jar"))).containsExactly("-jar",
				this.lib.resolve("a.jar").toString());
		assertThat(appCds.isRecording("kafka")).isFalse();
		assertThat(appCds.stopGrace("kafka", Duration.ofSeconds(30))).isEqualTo(Duration.ofSeconds(30));
		assertThat(this.state.resolve("apps")).doesNotExist();
	}

}
