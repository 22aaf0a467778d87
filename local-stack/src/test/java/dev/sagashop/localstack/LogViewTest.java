package dev.sagashop.localstack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class LogViewTest {

	private static final String PLACED = """
			{"@timestamp":"2026-11-22T14:30:01.123456Z","log":{"level":"INFO","logger":"dev.sagashop.orders.checkout.CheckoutOrchestrator"},"message":"Order 42 placed","traceId":"abc","spanId":"1","orderId":"42"}""";

	private static final String CHARGED = """
			{"@timestamp":"2026-11-22T14:30:01.200Z","log.level":"INFO","log.logger":"dev.sagashop.payments.PaymentProcessor","message":"Charged order 42","traceId":"abc","orderId":"42"}""";

	@Test
	void rendersAJsonLineAsOneReadableLineAndLeavesOtherLinesAlone() {
		assertThat(LogView.render(PLACED))
			.isEqualTo("14:30:01.123 INFO  CheckoutOrchestrator: Order 42 placed  [trace abc, order 42]");
		assertThat(LogView.render(CHARGED)).startsWith("14:30:01.200 INFO  PaymentProcessor: Charged order 42");
		assertThat(LogView.render("2026-11-22 plain text")).isEqualTo("2026-11-22 plain text");
		assertThat(LogView.render("{not json")).isEqualTo("{not json");
	}

	@Test
	void findsTheLinesOfOneOrderAcrossLogsOldestFirst(@TempDir Path dir) throws IOException {
		Path orders = Files.writeString(dir.resolve("orders.log"), "banner\n" + PLACED + "\n");
		Path payments = Files.writeString(dir.resolve("payments.log"),
				CHARGED + "\n" + CHARGED.replace("\"42\"", "\"43\"").replace("order 42", "order 43") + "\n");
		Map<String, Path> logs = new LinkedHashMap<>();
		logs.put("payments-service", payments);
		logs.put("orders-service", orders);
		logs.put("shipping-service", dir.resolve("missing.log"));
		List<String> found = LogView.find(logs, "orderId", "42");
		assertThat(found).hasSize(2);
		assertThat(found.get(0)).startsWith("orders-service").contains("Order 42 placed");
		assertThat(found.get(1)).startsWith("payments-service").contains("Charged order 42");
		assertThat(LogView.find(logs, "traceId", "abc")).hasSize(3);
		assertThat(LogView.find(logs, "orderId", "44")).isEmpty();
	}

}
