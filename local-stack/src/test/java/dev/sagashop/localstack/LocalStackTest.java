package dev.sagashop.localstack;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LocalStackTest {

	private final StackConfig config = StackConfig.fromEnvironment(Path.of("/repo"), Map.of());

	private final LocalStack stack = new LocalStack(this.config, new PrintStream(OutputStream.nullOutputStream()));

	@Test
	void findsTheLogOfAProcessByItsFullOrShortName() {
		Path logs = this.config.logs();
		assertThat(this.stack.log("orders-service")).contains(logs.resolve("orders-service.log"));
		assertThat(this.stack.log("orders")).contains(logs.resolve("orders-service.log"));
		assertThat(this.stack.log("gateway")).contains(logs.resolve("gateway.log"));
		assertThat(this.stack.log("kafka")).contains(logs.resolve("kafka.log"));
		assertThat(this.stack.log("billing")).isEmpty();
	}

}
