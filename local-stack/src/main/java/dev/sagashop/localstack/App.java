package dev.sagashop.localstack;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One Spring Boot app of the stack, run from its module's executable jar.
 *
 * @param name the process name, also the module's directory
 * @param port its HTTP port
 * @param environment what it is configured with
 */
record App(String name, int port, Map<String, String> environment) {

	String jar() {
		return this.name + "/target/" + this.name + "-exec.jar";
	}

	String url() {
		return "http://localhost:" + this.port;
	}

	String readinessUrl() {
		return url() + "/actuator/health/readiness";
	}

	/** Every app of the stack, wired to the given PostgreSQL and Kafka. */
	static List<App> all(Ports ports, Postgres postgres, String kafka) {
		Map<String, String> gateway = new LinkedHashMap<>();
		gateway.put("ORDERS_URL", "http://localhost:" + ports.orders());
		gateway.put("PAYMENTS_URL", "http://localhost:" + ports.payments());
		gateway.put("INVENTORY_URL", "http://localhost:" + ports.inventory());
		gateway.put("SHIPPING_URL", "http://localhost:" + ports.shipping());
		// orders-service prices orders from the catalogue at checkout.
		Map<String, String> catalogue = Map.of("INVENTORY_URL", gateway.get("INVENTORY_URL"));
		return List.of(app("auth-server", ports.auth(), Map.of()),
				service("orders", ports.orders(), postgres, kafka, catalogue),
				service("payments", ports.payments(), postgres, kafka, Map.of()),
				service("inventory", ports.inventory(), postgres, kafka, Map.of()),
				service("shipping", ports.shipping(), postgres, kafka, Map.of()),
				app("gateway", ports.gateway(), gateway));
	}

	private static App service(String database, int port, Postgres postgres, String kafka, Map<String, String> extra) {
		Map<String, String> environment = new LinkedHashMap<>(extra);
		environment.putAll(Map.of("DB_URL", postgres.jdbcUrl(database), "DB_USER", database, "DB_PASSWORD", database,
				"KAFKA_BOOTSTRAP_SERVERS", kafka));
		return app(database + "-service", port, environment);
	}

	private static App app(String name, int port, Map<String, String> environment) {
		Map<String, String> all = new LinkedHashMap<>(environment);
		all.put("SERVER_PORT", Integer.toString(port));
		return new App(name, port, Map.copyOf(all));
	}

}
