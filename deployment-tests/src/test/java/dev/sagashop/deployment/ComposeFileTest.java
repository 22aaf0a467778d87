package dev.sagashop.deployment;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docker-compose.yml, parsed (merge keys resolved) and held to its invariants: it cannot
 * be run here, so it is checked as data.
 */
@SuppressWarnings("unchecked")
class ComposeFileTest {

	private static final Map<String, Object> COMPOSE = new Yaml(new SafeConstructor(new LoaderOptions()))
		.load(Repository.read("docker-compose.yml"));

	private static final Map<String, Map<String, Object>> SERVICES = (Map<String, Map<String, Object>>) COMPOSE
		.get("services");

	private static final Pattern JDBC = Pattern.compile("jdbc:postgresql://([a-z-]+):5432/([a-z]+)");

	private static Map<String, Object> map(Object value) {
		return (value == null) ? Map.of() : (Map<String, Object>) value;
	}

	@Test
	void buildsEveryAppFromThisRepository() {
		assertThat(SERVICES).containsKeys(Repository.APPS.toArray(String[]::new));
		for (String app : Repository.APPS) {
			Map<String, Object> build = map(SERVICES.get(app).get("build"));
			assertThat(build.get("context")).as(app).isEqualTo(".");
			assertThat(map(build.get("args"))).as(app).containsEntry("MODULE", app);
			assertThat((String) SERVICES.get(app).get("image")).as(app).startsWith("sagashop/" + app + ":");
		}
	}

	@Test
	void everyImageIsBuiltHereOrPinnedToAVersion() {
		Pattern pinned = Pattern.compile("[a-z0-9./-]+:v?[0-9][A-Za-z0-9._-]*");
		SERVICES.forEach((name, service) -> {
			if (service.containsKey("build")) {
				return;
			}
			String image = (String) service.get("image");
			assertThat(image).as(name).isNotNull().matches(pinned).doesNotContain(":latest");
		});
	}

	@Test
	void everyAppHasAHealthCheckAndWaitsForHealthyDependencies() {
		for (String app : Repository.APPS) {
			Map<String, Object> service = SERVICES.get(app);
			assertThat(map(service.get("healthcheck"))).as(app + " health check").containsKey("test");
			if (!Repository.contextPath(app).isEmpty()) {
				// The image's check probes the actuator under the app's context path.
				assertThat(map(service.get("environment"))).as(app)
					.containsEntry("SERVER_SERVLET_CONTEXT_PATH", Repository.contextPath(app));
			}
			map(service.get("depends_on")).forEach((dependency, how) -> {
				assertThat(map(how)).as(app + " -> " + dependency).containsEntry("condition", "service_healthy");
				assertThat(map(SERVICES.get(dependency).get("healthcheck"))).as(dependency + " has a health check")
					.containsKey("test");
			});
		}
		assertThat(map(SERVICES.get("gateway").get("depends_on"))).containsKeys("auth-server", "orders-service",
				"payments-service", "inventory-service", "shipping-service");
	}

	@Test
	void eachServiceSeesOnlyItsOwnDatabase() {
		for (String database : Repository.DATABASES) {
			String owner = Repository.owner(database);
			Map<String, Object> environment = map(SERVICES.get(owner).get("environment"));
			Matcher url = JDBC.matcher(String.valueOf(environment.get("DB_URL")));
			assertThat(url.matches()).as(owner + " DB_URL " + environment.get("DB_URL")).isTrue();
			assertThat(url.group(1)).as(owner + "'s database host").isEqualTo(database + "-db");
			assertThat(url.group(2)).isEqualTo(database);
			assertThat(environment.get("DB_USER")).isEqualTo(database);
			Map<String, Object> server = SERVICES.get(database + "-db");
			assertThat(map(server.get("environment"))).containsEntry("POSTGRES_DB", database)
				.containsEntry("POSTGRES_USER", database);
			assertThat(map(SERVICES.get(owner).get("depends_on"))).containsKey(database + "-db");
		}
		// No other service names a database server, by URL or dependency.
		SERVICES.forEach((name, service) -> {
			String text = String.valueOf(service.get("environment")) + service.get("depends_on");
			for (String database : Repository.DATABASES) {
				if (!name.equals(Repository.owner(database)) && !name.equals(database + "-db")) {
					assertThat(text).as(name + " mentions " + database + "-db").doesNotContain(database + "-db");
				}
			}
		});
	}

	@Test
	void keepsDataInNamedVolumes() {
		Map<String, Object> declared = map(COMPOSE.get("volumes"));
		List<String> used = new ArrayList<>();
		SERVICES.forEach((name, service) -> {
			for (Object volume : (List<Object>) service.getOrDefault("volumes", List.of())) {
				String source = String.valueOf(volume).split(":")[0];
				if (!source.startsWith(".") && !source.startsWith("/")) {
					used.add(source);
				}
			}
		});
		assertThat(declared).containsKeys(used.toArray(String[]::new));
		for (String database : Repository.DATABASES) {
			assertThat(used).contains(database + "-data");
		}
		assertThat(used).contains("kafka-data", "auth-keys");
	}

	@Test
	void fitsAnEightGigabyteLaptop() {
		long total = 0;
		for (Map.Entry<String, Map<String, Object>> service : SERVICES.entrySet()) {
			Object limit = service.getValue().get("mem_limit");
			assertThat(limit).as(service.getKey() + " has a memory limit").isNotNull();
			total += bytes(String.valueOf(limit));
		}
		assertThat(total).as("sum of memory limits").isLessThanOrEqualTo(7L * 1024 * 1024 * 1024);
	}

	@Test
	void runsKafkaInKraftModeAndTracesToZipkin() {
		Map<String, Object> kafka = map(SERVICES.get("kafka").get("environment"));
		assertThat(kafka).containsEntry("KAFKA_PROCESS_ROLES", "broker,controller");
		assertThat(SERVICES).containsKeys("zipkin", "prometheus", "grafana", "loki", "alloy");
		for (String app : Repository.APPS) {
			assertThat(map(SERVICES.get(app).get("environment"))).as(app)
				.containsEntry("MANAGEMENT_TRACING_EXPORT_ZIPKIN_ENDPOINT", "http://zipkin:9411/api/v2/spans")
				.containsEntry("LOGGING_STRUCTURED_FORMAT_CONSOLE", "ecs");
		}
	}

	static long bytes(String quantity) {
		Matcher matcher = Pattern.compile("(\\d+)([kmg]?)b?", Pattern.CASE_INSENSITIVE).matcher(quantity.trim());
		assertThat(matcher.matches()).as(quantity).isTrue();
		long value = Long.parseLong(matcher.group(1));
		return switch (matcher.group(2).toLowerCase()) {
			case "k" -> value * 1024;
			case "m" -> value * 1024 * 1024;
			case "g" -> value * 1024 * 1024 * 1024;
			default -> value;
		};
	}

}
