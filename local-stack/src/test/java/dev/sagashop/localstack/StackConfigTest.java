package dev.sagashop.localstack;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class StackConfigTest {

	@Test
	void defaultsToTheContractsPortsAndAStateDirectoryInTheRepository() {
		StackConfig config = StackConfig.fromEnvironment(Path.of("/repo"), Map.of());
		assertThat(config.ports())
			.isEqualTo(new Ports(8080, 9000, 8081, 8082, 8083, 8084, 5432, 9092, 9093, 9411, 8085));
		assertThat(config.stateDir()).isEqualTo(Path.of("/repo/.sagashop"));
		assertThat(config.appJvmOptions()).isEqualTo(StackConfig.LEAN_JVM_OPTIONS);
		assertThat(config.externalPostgres()).isEmpty();
		assertThat(config.containers()).isFalse();
	}

	@Test
	void runsPostgresAndKafkaInContainersOnlyWhenTheTestsInfrastructureIsContainers() {
		assertThat(
				StackConfig.fromEnvironment(Path.of("/repo"), Map.of("SAGASHOP_TEST_INFRA", "containers")).containers())
			.isTrue();
		assertThat(
				StackConfig.fromEnvironment(Path.of("/repo"), Map.of("SAGASHOP_TEST_INFRA", "embedded")).containers())
			.isFalse();
		assertThat(StackConfig.fromEnvironment(Path.of("/repo"), Map.of("SAGASHOP_TEST_INFRA", "containers"))
			.withoutTracing()
			.containers()).isTrue();
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
	void addsAModulesOwnJvmOptionsAfterThoseOfEveryApp() {
		StackConfig config = StackConfig.fromEnvironment(Path.of("/repo"),
				Map.of("SAGASHOP_JAVA_OPTS", "-XX:TieredStopAtLevel=1 -Xmx192m", "SAGASHOP_JAVA_OPTS_GATEWAY",
						" -XX:TieredStopAtLevel=4 ", "SAGASHOP_JAVA_OPTS_ORDERS_SERVICE", "-Xmx256m"));
		assertThat(config.jvmOptions("gateway")).containsExactly("-XX:TieredStopAtLevel=1", "-Xmx192m",
				"-XX:TieredStopAtLevel=4");
		assertThat(config.jvmOptions("orders-service")).containsExactly("-XX:TieredStopAtLevel=1", "-Xmx192m",
				"-Xmx256m");
		assertThat(config.jvmOptions("payments-service")).containsExactly("-XX:TieredStopAtLevel=1", "-Xmx192m");
		assertThat(config.withoutTracing().jvmOptions("gateway")).endsWith("-XX:TieredStopAtLevel=4");
	}

	/** Every app the stack starts can be given its own options, by its module's name. */
	@Test
	void takesJvmOptionsForTheModuleOfEveryAppTheStackStarts() {
		StackConfig defaults = StackConfig.fromEnvironment(Path.of("/repo"), Map.of("SAGASHOP_INSTANCES", "orders=2"));
		List<String> modules = App
			.all(defaults.ports(), new Postgres(defaults), "localhost:9092", defaults.instances(), defaults.stateDir(),
					Optional.empty())
			.stream()
			.map(App::module)
			.distinct()
			.toList();
		assertThat(modules).hasSize(7);
		for (String module : modules) {
			String variable = "SAGASHOP_JAVA_OPTS_" + module.toUpperCase(Locale.ROOT).replace('-', '_');
			StackConfig config = StackConfig.fromEnvironment(Path.of("/repo"), Map.of(variable, "-Xmx300m"));
			assertThat(config.jvmOptions(module)).as(variable).endsWith("-Xmx300m");
		}
	}

	@Test
	void refusesJvmOptionsForAModuleThatDoesNotExist() {
		assertThatExceptionOfType(StackException.class)
			.isThrownBy(() -> StackConfig.fromEnvironment(Path.of("/repo"),
					Map.of("SAGASHOP_JAVA_OPTS_GATWAY", "-XX:TieredStopAtLevel=4")))
			.withMessageContaining("SAGASHOP_JAVA_OPTS_GATWAY: no app module is called 'gatway'")
			.withMessageContaining("gateway");
	}

	@Test
	void wiresEveryServiceToItsOwnDatabaseAndTheGatewayToEveryService() {
		StackConfig config = StackConfig.fromEnvironment(Path.of("/repo"), Map.of("SAGASHOP_PORT_OFFSET", "1"));
		var apps = App.all(config.ports(), new Postgres(config), "localhost:9093", config.instances(),
				config.stateDir(), Optional.of("http://localhost:9412/api/v2/spans"));
		assertThat(apps).extracting(App::name)
			.containsExactly("auth-server", "orders-service", "payments-service", "inventory-service",
					"shipping-service", "gateway", "console");
		App payments = apps.get(2);
		assertThat(payments.environment()).containsEntry("DB_URL", "jdbc:postgresql://localhost:5433/payments")
			.containsEntry("DB_USER", "payments")
			.containsEntry("SPRING_DATASOURCE_HIKARI_MINIMUM_IDLE", "2")
			.containsEntry("SERVER_PORT", "8083")
			.containsEntry("KAFKA_BOOTSTRAP_SERVERS", "localhost:9093")
			.containsEntry("SAGASHOP_AUTH_ISSUER", "http://localhost:9001")
			.containsEntry("SAGASHOP_AUTH_JWK_SET_URI", "http://localhost:9001/oauth2/jwks");
		assertThat(apps.get(0).environment()).containsEntry("SAGASHOP_AUTH_KEY_FILE",
				"/repo/.sagashop/auth/signing-key.json");
		assertThat(apps.get(1).environment()).containsEntry("INVENTORY_URL", "http://localhost:8084");
		assertThat(apps.get(5).environment()).containsEntry("ORDERS_URL", "http://localhost:8082")
			.containsEntry("SHIPPING_URL", "http://localhost:8085")
			.containsEntry("CONSOLE_URL", "http://localhost:8086");
	}

	/**
	 * The console serves under /console (its probe too), reads the API through the
	 * gateway, and signs people in at auth-server, which knows its redirect URIs on both
	 * of its addresses, all with the port offset.
	 */
	@Test
	void runsTheConsoleUnderItsPathWiredToTheGatewayAndAuthServer() {
		StackConfig config = StackConfig.fromEnvironment(Path.of("/repo"), Map.of("SAGASHOP_PORT_OFFSET", "1"));
		var apps = App.all(config.ports(), new Postgres(config), "localhost:9093", config.instances(),
				config.stateDir(), Optional.empty());
		App console = apps.get(apps.size() - 1);
		assertThat(console.url()).isEqualTo("http://localhost:8086/console");
		assertThat(console.readinessUrl()).isEqualTo("http://localhost:8086/console/actuator/health/readiness");
		assertThat(console.jar()).isEqualTo("console/target/console-exec.jar");
		assertThat(console.environment()).containsEntry("SERVER_PORT", "8086")
			.containsEntry("SAGASHOP_AUTH_ISSUER", "http://localhost:9001")
			.containsEntry("SAGASHOP_CONSOLE_APIURL", "http://localhost:8081")
			.containsEntry("SAGASHOP_CONSOLE_ZIPKINURL", "http://localhost:9412")
			.doesNotContainKeys("DB_URL", "KAFKA_BOOTSTRAP_SERVERS");
		assertThat(apps.get(0).environment())
			.containsEntry("SAGASHOP_AUTH_CONSOLECLIENT_REDIRECTURIS_0",
					"http://localhost:8086/console/login/oauth2/code/sagashop")
			.containsEntry("SAGASHOP_AUTH_CONSOLECLIENT_REDIRECTURIS_1",
					"http://localhost:8081/console/login/oauth2/code/sagashop");
	}

	/**
	 * {@code ./sagashop} builds the apps it finds missing; an app the launcher starts but
	 * the script does not build fails a fresh clone's first {@code ./sagashop up}.
	 */
	@Test
	void theLauncherScriptBuildsEveryAppTheStackStarts() throws Exception {
		String script = Files.readString(Path.of("..", "sagashop"));
		Matcher apps = Pattern.compile("(?m)^apps=\\(([^)]*)\\)$").matcher(script);
		assertThat(apps.find()).as("the script's list of apps").isTrue();
		StackConfig config = StackConfig.fromEnvironment(Path.of("/repo"), Map.of());
		assertThat(List.of(apps.group(1).trim().split("\\s+"))).containsExactlyInAnyOrderElementsOf(
				App.all(config.ports(), new Postgres(config), "localhost:9092", config.instances(), config.stateDir(),
						Optional.empty())
					.stream()
					.map(App::module)
					.distinct()
					.toList());
	}

	@Test
	void runsMoreInstancesOfAServiceOnPortsTenApartBehindTheGateway() {
		StackConfig config = StackConfig.fromEnvironment(Path.of("/repo"),
				Map.of("SAGASHOP_INSTANCES", "orders=2, payments-service=3"));
		var apps = App.all(config.ports(), new Postgres(config), "localhost:9092", config.instances(),
				config.stateDir(), Optional.empty());
		assertThat(apps).extracting(App::name)
			.containsExactly("auth-server", "orders-service", "orders-service-2", "payments-service",
					"payments-service-2", "payments-service-3", "inventory-service", "shipping-service", "gateway",
					"console");
		assertThat(apps.get(5).jar()).isEqualTo("payments-service/target/payments-service-exec.jar");
		assertThat(apps.get(5).environment()).containsEntry("SERVER_PORT", "8102")
			.containsEntry("DB_URL", "jdbc:postgresql://localhost:5432/payments");
		assertThat(apps.get(8).environment())
			.containsEntry("SPRING_CLOUD_DISCOVERY_CLIENT_SIMPLE_INSTANCES_ORDERS_0_URI", "http://localhost:8081")
			.containsEntry("SPRING_CLOUD_DISCOVERY_CLIENT_SIMPLE_INSTANCES_ORDERS_1_URI", "http://localhost:8091")
			.containsEntry("SPRING_CLOUD_DISCOVERY_CLIENT_SIMPLE_INSTANCES_PAYMENTS_2_URI", "http://localhost:8102")
			.containsEntry("SPRING_CLOUD_DISCOVERY_CLIENT_SIMPLE_INSTANCES_SHIPPING_0_URI", "http://localhost:8084");
	}

	@Test
	void everyAppLogsJsonAndSendsItsSpansToZipkinUnlessTracingIsOff() {
		StackConfig config = StackConfig.fromEnvironment(Path.of("/repo"), Map.of("SAGASHOP_PORT_OFFSET", "1"));
		assertThat(config.tracing()).isTrue();
		assertThat(config.ports().zipkin()).isEqualTo(9412);
		var traced = App.all(config.ports(), new Postgres(config), "localhost:9093", config.instances(),
				config.stateDir(), Optional.of("http://localhost:9412/api/v2/spans"));
		assertThat(traced)
			.allSatisfy((app) -> assertThat(app.environment()).containsEntry("LOGGING_STRUCTURED_FORMAT_CONSOLE", "ecs")
				.containsEntry("MANAGEMENT_TRACING_EXPORT_ZIPKIN_ENABLED", "true")
				.containsEntry("MANAGEMENT_TRACING_EXPORT_ZIPKIN_ENDPOINT", "http://localhost:9412/api/v2/spans"));
		StackConfig untraced = StackConfig.fromEnvironment(Path.of("/repo"), Map.of("SAGASHOP_TRACING", "false"));
		assertThat(untraced.tracing()).isFalse();
		var plain = App.all(untraced.ports(), new Postgres(untraced), "localhost:9092", untraced.instances(),
				untraced.stateDir(), Optional.empty());
		assertThat(plain)
			.allSatisfy((app) -> assertThat(app.environment()).containsEntry("LOGGING_STRUCTURED_FORMAT_CONSOLE", "ecs")
				.doesNotContainKey("MANAGEMENT_TRACING_EXPORT_ZIPKIN_ENABLED"));
	}

	@Test
	void startsTheAppsFromTheirBuildTimeBeanDefinitionsOnlyWithTheTracingTheyWereWorkedOutFor() {
		StackConfig config = StackConfig.fromEnvironment(Path.of("/repo"), Map.of());
		assertThat(config.springAotOptions()).containsExactly("-Dspring.aot.enabled=true");
		assertThat(config.jvmOptions("orders-service")).doesNotContain("-Dspring.aot.enabled=true");
		assertThat(config.withoutTracing().springAotOptions()).isEmpty();
		assertThat(
				StackConfig.fromEnvironment(Path.of("/repo"), Map.of("SAGASHOP_TRACING", "false")).springAotOptions())
			.isEmpty();
		assertThat(StackConfig.fromEnvironment(Path.of("/repo"), Map.of("SAGASHOP_AOT", "false")).springAotOptions())
			.isEmpty();
	}

	@Test
	void refusesAnInstanceCountItCannotRead() {
		for (String spec : new String[] { "orders", "orders=0", "gateway=2", "orders=x" }) {
			assertThatExceptionOfType(StackException.class)
				.isThrownBy(() -> StackConfig.fromEnvironment(Path.of("/repo"), Map.of("SAGASHOP_INSTANCES", spec)))
				.withMessageContaining("SAGASHOP_INSTANCES");
		}
	}

}
