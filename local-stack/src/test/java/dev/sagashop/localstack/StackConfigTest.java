package dev.sagashop.localstack;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class StackConfigTest {

	@Test
	void defaultsToTheContractsPortsAndAStateDirectoryInTheRepository() {
		StackConfig config = StackConfig.fromEnvironment(Path.of("/repo"), Map.of());
		assertThat(config.ports()).isEqualTo(new Ports(8080, 9000, 8081, 8082, 8083, 8084, 5432, 9092, 9093));
		assertThat(config.stateDir()).isEqualTo(Path.of("/repo/.sagashop"));
		assertThat(config.appJvmOptions()).isEqualTo(StackConfig.LEAN_JVM_OPTIONS);
		assertThat(config.externalPostgres()).isEmpty();
	}

	@Test
	void readsOverridesFromTheEnvironment() {
		StackConfig config = StackConfig.fromEnvironment(Path.of("/repo"),
				Map.of("SAGASHOP_PORT_OFFSET", "20000", "SAGASHOP_STATE_DIR", "/tmp/s", "SAGASHOP_READY_TIMEOUT", "90",
						"SAGASHOP_JAVA_OPTS", " -Xmx1g  -XX:+UseG1GC ", "SAGASHOP_POSTGRES_URL",
						"jdbc:postgresql://db.local:5433/postgres", "SAGASHOP_POSTGRES_PASSWORD", "pw"));
		assertThat(config.ports().gateway()).isEqualTo(28080);
		assertThat(config.ports().postgres()).isEqualTo(25432);
		assertThat(config.stateDir()).isEqualTo(Path.of("/tmp/s"));
		assertThat(config.readyTimeout()).isEqualTo(Duration.ofSeconds(90));
		assertThat(config.appJvmOptions()).containsExactly("-Xmx1g", "-XX:+UseG1GC");
		assertThat(config.externalPostgres()).hasValueSatisfying((external) -> {
			assertThat(external.user()).isEqualTo("postgres");
			assertThat(external.host()).isEqualTo("db.local:5433");
		});
	}

	@Test
	void wiresEveryServiceToItsOwnDatabaseAndTheGatewayToEveryService() {
		StackConfig config = StackConfig.fromEnvironment(Path.of("/repo"), Map.of("SAGASHOP_PORT_OFFSET", "1"));
		var apps = App.all(config.ports(), new Postgres(config), "localhost:9093");
		assertThat(apps).extracting(App::name)
			.containsExactly("auth-server", "orders-service", "payments-service", "inventory-service",
					"shipping-service", "gateway");
		App payments = apps.get(2);
		assertThat(payments.environment()).containsEntry("DB_URL", "jdbc:postgresql://localhost:5433/payments")
			.containsEntry("DB_USER", "payments")
			.containsEntry("SERVER_PORT", "8083")
			.containsEntry("KAFKA_BOOTSTRAP_SERVERS", "localhost:9093");
		assertThat(apps.get(1).environment()).containsEntry("INVENTORY_URL", "http://localhost:8084");
		assertThat(apps.get(5).environment()).containsEntry("ORDERS_URL", "http://localhost:8082")
			.containsEntry("SHIPPING_URL", "http://localhost:8085");
	}

}
