package dev.sagashop.localstack;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class AppProcessTest {

	@TempDir
	Path dir;

	@Test
	void startsFromTheBuildsBeanDefinitionsOnlyAJarThatHasThem() throws IOException {
		Path processed = jar("processed.jar", "BOOT-INF/classes/dev/sagashop/orders/OrdersApplication.class",
				"BOOT-INF/classes/dev/sagashop/orders/OrdersApplication__ApplicationContextInitializer.class");
		Path plain = jar("plain.jar", "BOOT-INF/classes/dev/sagashop/orders/OrdersApplication.class",
				"BOOT-INF/lib/other.jar");
		assertThat(AppProcess.aotProcessed(processed)).isTrue();
		assertThat(AppProcess.aotProcessed(plain)).isFalse();
		assertThat(AppProcess.aotProcessed(this.dir.resolve("missing.jar"))).isFalse();
	}

	private Path jar(String name, String... entries) throws IOException {
		Path jar = this.dir.resolve(name);
		try (OutputStream out = Files.newOutputStream(jar); ZipOutputStream zip = new ZipOutputStream(out)) {
			for (String entry : entries) {
				zip.putNextEntry(new ZipEntry(entry));
				zip.closeEntry();
			}
		}
		return jar;
	}

}
