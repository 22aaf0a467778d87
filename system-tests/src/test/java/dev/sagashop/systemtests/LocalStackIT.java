package dev.sagashop.systemtests;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The whole system, started with {@code ./sagashop up}: every service answers through the
 * gateway, databases are kept apart, and {@code down}/{@code up} keeps the data and
 * leaves nothing running.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@ExtendWith(SharedStack.class)
class LocalStackIT {

	static final Sagashop sagashop = new Sagashop();

	@Order(1)
	@ParameterizedTest
	@CsvSource(delimiter = '|', textBlock = """
			/api/products                                              | {"content":[
			/api/orders                                                | {"content":[
			/api/payments?orderId=00000000-0000-0000-0000-000000000001  | []
			/api/shipments?orderId=00000000-0000-0000-0000-000000000001 | []
			""")
	void reachesEachServiceThroughTheGateway(String path, String bodyStart) throws Exception {
		HttpResponse<String> response = sagashop.getThroughGateway(path);
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).startsWith(bodyStart);
	}

	@Test
	@Order(2)
	void seedsADemoCatalogue() throws Exception {
		HttpResponse<String> mug = sagashop.getThroughGateway("/api/products/MUG-1");
		assertThat(mug.statusCode()).isEqualTo(200);
		assertThat(mug.body()).contains("\"name\":\"Mug\"").contains("\"price\":1250");
	}

	/**
	 * Every test of this suite runs against apps started from the bean definitions their
	 * build worked out (ADR 42): their last start says so.
	 */
	@Test
	@Order(2)
	void startsEveryAppFromTheBeanDefinitionsItsBuildWorkedOut() {
		assertThat(Sagashop.APPS).allSatisfy((app) -> {
			List<String> starts = Files.readAllLines(sagashop.log(app))
				.stream()
				.filter((line) -> line.contains("\"message\":\"Starting ") && line.contains(" using Java "))
				.toList();
			assertThat(starts).as("%s's starts", app).isNotEmpty();
			assertThat(starts.get(starts.size() - 1)).as(app).contains("Starting AOT-processed ");
		});
	}

	@Test
	@Order(2)
	void statusShowsEveryProcessRunning() throws Exception {
		Sagashop.Result status = sagashop.run("status");
		assertThat(status.exitCode()).isZero();
		assertThat(status.runningPids()).containsOnlyKeys(Sagashop.PROCESSES);
	}

	@Test
	@Order(3)
	void aServiceRoleCannotConnectToAnotherServicesDatabase() throws Exception {
		try (Connection own = DriverManager.getConnection(sagashop.jdbcUrl("payments"), "payments", "payments")) {
			assertThat(own.isValid(2)).isTrue();
		}
		for (String other : new String[] { "orders", "inventory", "shipping", "postgres" }) {
			assertThatExceptionOfType(SQLException.class)
				.isThrownBy(() -> DriverManager.getConnection(sagashop.jdbcUrl(other), "payments", "payments"))
				.withMessageContaining("permission denied for database");
		}
		assertThatExceptionOfType(SQLException.class)
			.isThrownBy(() -> DriverManager.getConnection(sagashop.jdbcUrl("payments"), "payments", "wrong"))
			.withMessageContaining("password authentication failed");
	}

	/**
	 * A commit that a client, Kafka or another service acted on must survive a kill -9 of
	 * the database: PostgreSQL's defaults, which the embedded builder turns off.
	 */
	@Test
	@Order(3)
	void runsPostgresWithDurableCommits() throws Exception {
		try (Connection connection = DriverManager.getConnection(sagashop.jdbcUrl("orders"), "orders", "orders");
				Statement statement = connection.createStatement()) {
			for (String setting : new String[] { "fsync", "synchronous_commit", "full_page_writes" }) {
				try (ResultSet shown = statement.executeQuery("SHOW " + setting)) {
					assertThat(shown.next()).isTrue();
					assertThat(shown.getString(1)).as(setting).isEqualTo("on");
				}
			}
		}
	}

	@Test
	@Order(4)
	void keepsTheDataAcrossDownAndUpAndLeavesNothingRunning() throws Exception {
		String sku = "SYS-" + UUID.randomUUID().toString().substring(0, 8);
		try (Connection connection = DriverManager.getConnection(sagashop.jdbcUrl("inventory"), "inventory",
				"inventory"); Statement statement = connection.createStatement()) {
			statement.execute("INSERT INTO products (sku, name, price, currency, available, version, created_at) "
					+ "VALUES ('" + sku + "', 'Persistent mug', 1250, 'EUR', 7, 0, now())");
		}
		Map<String, Long> pids = sagashop.run("status").runningPids();
		assertThat(pids).hasSize(Sagashop.PROCESSES.size());

		Sagashop.Result down = sagashop.run("down");
		assertThat(down.exitCode()).isZero();
		assertThat(pids.values()).allSatisfy(
				(pid) -> assertThat(ProcessHandle.of(pid).filter(ProcessHandle::isAlive)).as("pid %d after down", pid)
					.isEmpty());
		assertThat(sagashop.run("status").exitCode()).isNotZero();
		// An AOT cache from Java 25 on, a dynamic CDS archive before (AppCds).
		String archive = (Runtime.version().feature() >= 25) ? ".aot" : ".jsa";
		assertThat(Sagashop.APPS).allSatisfy((app) -> assertThat(sagashop.stateDir.resolve("apps/" + app + archive))
			.as("the class-data archive %s recorded when it stopped", app)
			.isNotEmptyFile());

		Sagashop.Result up = sagashop.run("up");
		assertThat(up.exitCode()).as(up.output()).isZero();
		HttpResponse<String> product = sagashop.getThroughGateway("/api/products/" + sku);
		assertThat(product.statusCode()).isEqualTo(200);
		assertThat(product.body()).contains("\"name\":\"Persistent mug\"").contains("\"available\":7");
	}

}
