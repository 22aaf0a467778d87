package dev.sagashop.localstack;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * One Spring Boot app of the stack, run from its module's executable jar. A service run
 * more than once has one {@code App} per instance, named {@code orders-service-2} and so
 * on, on the port of the first plus ten per instance.
 *
 * @param name the process name
 * @param module the module whose jar it runs
 * @param port its HTTP port
 * @param path where it serves on that port ({@code /console}), empty at the root
 * @param environment what it is configured with
 */
record App(String name, String module, int port, String path, Map<String, String> environment) {

	/** The services, by the name of their database, route and port. */
	static final List<String> SERVICES = Postgres.SERVICE_DATABASES;

	static final String AUTH_SERVER = "auth-server";

	static final String GATEWAY = "gateway";

	static final String CONSOLE = "console";

	/**
	 * The module of every app the stack runs, in start order: what
	 * {@code SAGASHOP_JAVA_OPTS_<MODULE>} may name.
	 */
	static final List<String> MODULES = Stream
		.of(Stream.of(AUTH_SERVER), SERVICES.stream().map(App::serviceModule), Stream.of(GATEWAY, CONSOLE))
		.flatMap(Function.identity())
		.toList();

	/** The console's context path. */
	static final String CONSOLE_PATH = "/console";

	/** Between the ports of two instances of a service. */
	static final int INSTANCE_PORT_STEP = 10;

	String jar() {
		return this.module + "/target/" + this.module + "-exec.jar";
	}

	String url() {
		return "http://localhost:" + this.port + this.path;
	}

	String readinessUrl() {
		return url() + "/actuator/health/readiness";
	}

	/**
	 * Every app of the stack, wired to the given PostgreSQL and Kafka.
	 * @param ports the stack's ports
	 * @param postgres the database server
	 * @param kafka the broker's bootstrap servers
	 * @param instances how many instances of each service run (1 when absent)
	 * @param stateDir where the stack keeps its data
	 * @param spansEndpoint where the apps send their spans, if anywhere
	 * @return the apps in start order
	 */
	static List<App> all(Ports ports, Postgres postgres, String kafka, Map<String, Integer> instances, Path stateDir,
			Optional<String> spansEndpoint) {
		// Every app trusts the tokens of this stack's auth-server (its issuer follows the
		// port offset); auth-server keeps its signing key with the stack's data.
		String issuer = "http://localhost:" + ports.auth();
		Map<String, String> trust = Map.of("SAGASHOP_AUTH_ISSUER", issuer, "SAGASHOP_AUTH_JWK_SET_URI",
				issuer + "/oauth2/jwks");
		Map<String, Integer> servicePorts = new LinkedHashMap<>();
		SERVICES.forEach((service) -> servicePorts.put(service, ports.service(service)));
		Map<String, String> gateway = new LinkedHashMap<>(trust);
		gateway.put("CONSOLE_URL", "http://localhost:" + ports.console());
		servicePorts.forEach((service, port) -> {
			String key = service.toUpperCase(Locale.ROOT);
			gateway.put(key + "_URL", "http://localhost:" + port);
			// The gateway balances over every instance
			// (spring.cloud.discovery.client.simple).
			for (int i = 0; i < count(instances, service); i++) {
				gateway.put("SPRING_CLOUD_DISCOVERY_CLIENT_SIMPLE_INSTANCES_" + key + "_" + i + "_URI",
						"http://localhost:" + (port + i * INSTANCE_PORT_STEP));
			}
		});
		// orders-service prices orders from the catalogue at checkout.
		Map<String, String> catalogue = Map.of("INVENTORY_URL", gateway.get("INVENTORY_URL"));
		List<App> apps = new ArrayList<>();
		// The console signs people in on its own port and through the gateway; both
		// follow the port offset.
		apps.add(app(AUTH_SERVER, AUTH_SERVER, ports.auth(),
				Map.of("SAGASHOP_AUTH_ISSUER", issuer, "SAGASHOP_AUTH_KEY_FILE",
						stateDir.resolve("auth/signing-key.json").toString(),
						"SAGASHOP_AUTH_CONSOLECLIENT_REDIRECTURIS_0", consoleSignIn(ports.console()),
						"SAGASHOP_AUTH_CONSOLECLIENT_REDIRECTURIS_1", consoleSignIn(ports.gateway()))));
		servicePorts.forEach((service, port) -> {
			Map<String, String> environment = new LinkedHashMap<>(service.equals("orders") ? catalogue : Map.of());
			environment.putAll(trust);
			if (service.equals("inventory")) {
				// A demo catalogue, so that a newcomer can order at once.
				environment.put("FLYWAY_LOCATIONS", "classpath:db/migration,classpath:db/seed");
			}
			environment.putAll(Map.of("DB_URL", postgres.jdbcUrl(service), "DB_USER", service, "DB_PASSWORD", service,
					"KAFKA_BOOTSTRAP_SERVERS", kafka));
			// The pool opens two connections at start and more as the load asks, rather
			// than ten each: every connection is a SCRAM handshake (4 096 PBKDF2 rounds
			// on each side) while ten JVMs start on two cores (ADR 3).
			environment.put("SPRING_DATASOURCE_HIKARI_MINIMUM_IDLE", "2");
			String module = serviceModule(service);
			for (int i = 0; i < count(instances, service); i++) {
				apps.add(app((i == 0) ? module : module + "-" + (i + 1), module, port + i * INSTANCE_PORT_STEP,
						environment));
			}
		});
		apps.add(app(GATEWAY, GATEWAY, ports.gateway(), gateway));
		apps.add(console(ports, issuer));
		return apps.stream().map((app) -> app.observed(spansEndpoint)).toList();
	}

	/**
	 * The saga console (ADR 29): signs people in at auth-server, reads the API through
	 * the gateway with their tokens, links to Zipkin.
	 */
	private static App console(Ports ports, String issuer) {
		Map<String, String> environment = Map.of("SAGASHOP_AUTH_ISSUER", issuer, "SAGASHOP_CONSOLE_APIURL",
				"http://localhost:" + ports.gateway(), "SAGASHOP_CONSOLE_ZIPKINURL",
				"http://localhost:" + ports.zipkin());
		return app(CONSOLE, CONSOLE, ports.console(), CONSOLE_PATH, environment);
	}

	private static String consoleSignIn(int port) {
		return "http://localhost:" + port + CONSOLE_PATH + "/login/oauth2/code/sagashop";
	}

	/**
	 * This app logging JSON lines (Elastic Common Schema, with {@code traceId},
	 * {@code spanId} and {@code orderId}) and, where a trace server runs, sending it
	 * every span.
	 */
	private App observed(Optional<String> spansEndpoint) {
		Map<String, String> all = new LinkedHashMap<>(this.environment);
		all.put("LOGGING_STRUCTURED_FORMAT_CONSOLE", "ecs");
		spansEndpoint.ifPresent((endpoint) -> {
			all.put("MANAGEMENT_TRACING_EXPORT_ZIPKIN_ENABLED", "true");
			all.put("MANAGEMENT_TRACING_EXPORT_ZIPKIN_ENDPOINT", endpoint);
		});
		return new App(this.name, this.module, this.port, this.path, Map.copyOf(all));
	}

	/** {@code orders} → {@code orders-service}. */
	static String serviceModule(String service) {
		return service + "-service";
	}

	private static int count(Map<String, Integer> instances, String service) {
		return Math.max(1, instances.getOrDefault(serviceModule(service), 1));
	}

	private static App app(String name, String module, int port, Map<String, String> environment) {
		return app(name, module, port, "", environment);
	}

	private static App app(String name, String module, int port, String path, Map<String, String> environment) {
		Map<String, String> all = new LinkedHashMap<>(environment);
		all.put("SERVER_PORT", Integer.toString(port));
		return new App(name, module, port, path, Map.copyOf(all));
	}

}
