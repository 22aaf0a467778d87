package dev.sagashop.loadtests;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class StackTest {

	@TempDir
	Path home;

	@Test
	void classDataArchivesAreStaleWhenAnotherJvmRecordedThem() throws Exception {
		assumeTrue(System.getenv("SAGASHOP_STATE_DIR") == null && !"false".equals(System.getenv("SAGASHOP_APPCDS")),
				"the archives are looked for in the home's .sagashop");
		String thisJvm = Runtime.version() + " " + System.getProperty("java.home");
		Path apps = Files.createDirectories(this.home.resolve(".sagashop/apps"));
		Files.createDirectories(this.home.resolve("local-stack/target/zipkin"));
		Files.createDirectories(this.home.resolve("local-stack/target/lib"));
		Files.writeString(this.home.resolve("local-stack/target/zipkin/zipkin-server.jar"), "");
		Files.writeString(this.home.resolve("local-stack/target/lib/kafka.jar"), "");
		for (String app : Stack.APPS) {
			Files.createDirectories(this.home.resolve(app + "/target"));
			Files.writeString(this.home.resolve(app + "/target/" + app + "-exec.jar"), "");
		}
		FileTime later = FileTime.from(Instant.now().plusSeconds(60));
		for (String process : Stream.concat(Stack.APPS.stream(), Stream.of("zipkin", "kafka")).toList()) {
			Files.setLastModifiedTime(Files.writeString(apps.resolve(process + Stack.ARCHIVE_SUFFIX), ""), later);
			Files.writeString(apps.resolve(process + ".jvm"), thisJvm);
		}
		Stack stack = new Stack(this.home, 0);
		assertThat(stack.classDataArchivesStale()).as("recorded after the build, by this JVM").isFalse();

		Files.writeString(apps.resolve("kafka.jvm"), "17.0.15+6-Debian-1deb12u1 /usr/lib/jvm/another");
		assertThat(stack.classDataArchivesStale()).as("one recorded by another JVM of the same release").isTrue();

		Files.delete(apps.resolve("kafka.jvm"));
		assertThat(stack.classDataArchivesStale()).as("one without its stamp").isTrue();
	}

	@Test
	void readsTheCpuTimeOfReapedChildrenFromAProcStatLine() {
		// A postmaster's line, fields 14-17 being utime 120, stime 80, cutime 4321 and
		// cstime 1234, with a command name that holds a space and a parenthesis.
		String stat = "4242 (postgres (x) y) S 1 4242 4242 0 -1 4194560 9000 800000 0 0 120 80 4321 1234 20 0 1 0 "
				+ "1000 200000000 5000 18446744073709551615 1 1 0 0 0 0 0 4096 0 0 0 17 1 0 0 0 0 0";
		assertThat(Stack.reapedChildrenCpuMillis(stat)).isEqualTo((4321 + 1234) * 10);
	}

	@Test
	void readsTheMachinesBusyTimeFromProcStatsFirstLine() {
		// user 100, nice 2, system 30, idle 5000, iowait 40, irq 1, softirq 7, steal 10,
		// then guest and guest_nice (already counted in user and nice)
		String line = "cpu  100 2 30 5000 40 1 7 10 3 0";
		assertThat(Stack.machineBusyMillis(line)).isEqualTo((100 + 2 + 30 + 1 + 7 + 10) * 10);
		assertThat(Stack.machineBusyMillis("cpu0 100 2 30 5000 40 1 7 10 0 0")).as("one core's line").isZero();
	}

	@Test
	void countsNothingForALineItCannotRead() {
		assertThat(Stack.reapedChildrenCpuMillis("4242 (java) S 1")).isZero();
	}

	@Test
	void keepsTheCpuTimeOfAChildThatEnded() throws Exception {
		assumeTrue(Files.exists(Path.of("/proc/self/stat")), "needs Linux's /proc");
		long pid = ProcessHandle.current().pid();
		long before = Stack.cpuMillis(pid);
		// A child that spends CPU (~0.3 s on the reference machine, more on a slower one)
		// and ends; this JVM waits for it, so the kernel adds its time to
		// this process's reaped children.
		Process child = new ProcessBuilder("sh", "-c", "i=0; while [ $i -lt 600000 ]; do i=$((i+1)); done").start();
		assertThat(child.waitFor()).isZero();
		long after = Stack.cpuMillis(pid);
		// Counting only live descendants, the child's time would be lost with it.
		assertThat(after - before).isGreaterThanOrEqualTo(250);
	}

	@Test
	void readsWhatTheJitCompilersOfAJvmUsedAndNothingForAnotherProcess() throws Exception {
		assumeTrue(Files.exists(Path.of("/proc/self/task")), "needs Linux's /proc");
		// This JVM has compiled the test framework's hot paths by now: tens
		// of ms at least.
		assertThat(Stack.compilerCpuMillis(ProcessHandle.current().pid())).isPositive()
			.isLessThanOrEqualTo(Stack.cpuMillis(ProcessHandle.current().pid()));
		Process shell = new ProcessBuilder("sleep", "5").start();
		try {
			assertThat(Stack.compilerCpuMillis(shell.pid())).as("no compiler threads").isZero();
		}
		finally {
			shell.destroy();
		}
	}

}
