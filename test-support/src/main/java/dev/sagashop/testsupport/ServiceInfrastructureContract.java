package dev.sagashop.testsupport;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import dev.sagashop.events.Envelope;
import dev.sagashop.events.ReleaseStock;
import dev.sagashop.platform.messaging.InboxPruner;
import dev.sagashop.platform.messaging.MessageCodec;
import dev.sagashop.platform.messaging.MessagingProperties;
import dev.sagashop.platform.messaging.Outbox;
import dev.sagashop.platform.messaging.OutboxRelay;
import dev.sagashop.platform.messaging.OutboxRelayProbe;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;
import org.springframework.kafka.listener.ContainerProperties;
import org.springframework.kafka.listener.ContainerProperties.AckMode;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What every service must do on real infrastructure, as tests a service's {@code *IT}
 * inherits by implementing this interface (together with
 * {@code @SpringBootTest(webEnvironment =
 * RANDOM_PORT)} and {@link RealInfrastructure}).
 */
public interface ServiceInfrastructureContract {

	/**
	 * A path of the service's API that any customer token may read.
	 * @return the path, with its query
	 */
	String apiPath();

	/** Redocly CLI's recommended rules, on the document as the service serves it. */
	@Test
	default void itsOpenApiDocumentPassesTheLintersRecommendedRules(@Autowired Environment environment)
			throws Exception {
		assertThat(lint("api-docs.json", apiDocument(environment)))
			.as("Redocly CLI on the service's /v3/api-docs (target/api-docs.json)")
			.isEmpty();
	}

	/**
	 * A document as served, kept under {@code target/} for a reader, and linted there.
	 */
	private static List<String> lint(String file, String document) throws Exception {
		Path served = Files.createDirectories(Path.of("target")).resolve(file);
		Files.writeString(served, document);
		return ApiLint.problems(served);
	}

	private static String apiDocument(Environment environment) throws Exception {
		String base = "http://localhost:" + environment.getRequiredProperty("local.server.port");
		HttpResponse<String> response = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create(base + "/v3/api-docs")).build(),
					HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).as("/v3/api-docs without a token").isEqualTo(200);
		return response.body();
	}

	@Test
	default void publishesEveryEndpointInItsOpenApiDocument(@Autowired Environment environment,
			@Autowired @Qualifier("requestMappingHandlerMapping") RequestMappingHandlerMapping mappings)
			throws Exception {
		JsonNode document = JsonMapper.builder().build().readTree(apiDocument(environment));
		assertThat(document.get("servers").get(0).get("url").asString()).as("a relative server, for the gateway's UI")
			.isEqualTo("/");
		assertThat(document.at("/components/securitySchemes/bearer-jwt/scheme").asString()).isEqualTo("bearer");
		JsonNode paths = document.get("paths");
		List<String> served = new ArrayList<>();
		mappings.getHandlerMethods().keySet().forEach((info) -> info.getPatternValues().forEach((pattern) -> {
			Set<RequestMethod> methods = info.getMethodsCondition().getMethods();
			if (pattern.startsWith("/api")) {
				(methods.isEmpty() ? Set.of(RequestMethod.GET) : methods)
					.forEach((method) -> served.add(method.name().toLowerCase(Locale.ROOT) + " " + pattern));
			}
		}));
		assertThat(served).as("the API this service serves").isNotEmpty().allSatisfy((endpoint) -> {
			String[] parts = endpoint.split(" ");
			assertThat(paths.has(parts[1]) && paths.get(parts[1]).has(parts[0])).as("%s in /v3/api-docs", endpoint)
				.isTrue();
			// What a reader and a client generator need of every operation.
			JsonNode operation = paths.get(parts[1]).get(parts[0]);
			assertThat(operation.path("summary").asString("")).as("summary of %s", endpoint).isNotBlank();
			operation.path("parameters")
				.forEach((parameter) -> assertThat(parameter.get("name").asString()).as("a parameter of %s", endpoint)
					.isNotEqualToIgnoringCase("caller"));
			List<String> problems = new ArrayList<>();
			operation.get("responses").properties().forEach((answer) -> {
				if (answer.getKey().startsWith("4")
						&& answer.getValue().at("/content").has("application/problem+json")) {
					problems.add(answer.getKey());
				}
			});
			assertThat(problems).as("4xx problem+json answers of %s", endpoint).contains("401", "403");
			assertThat(operation.get("responses").has("200") || operation.get("responses").has("201"))
				.as("a success documented for %s", endpoint)
				.isTrue();
		});
	}

	/**
	 * Its topics as AsyncAPI, without a token: it reads exactly what its listeners read,
	 * and writes something.
	 */
	@Test
	default void documentsItsTopicsAsAsyncApi(@Autowired Environment environment,
			@Autowired KafkaListenerEndpointRegistry listeners) throws Exception {
		String base = "http://localhost:" + environment.getRequiredProperty("local.server.port");
		HttpResponse<String> response = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create(base + "/asyncapi")).build(), HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).as("/asyncapi without a token").isEqualTo(200);
		assertThat(response.headers().firstValue("Content-Type"))
			.hasValueSatisfying((type) -> assertThat(type).startsWith("application/json"));
		JsonNode document = JsonMapper.builder().build().readTree(response.body());
		assertThat(document.get("asyncapi").asString()).isEqualTo("3.0.0");
		assertThat(lint("asyncapi.json", response.body()))
			.as("Redocly CLI on the service's /asyncapi (target/asyncapi.json)")
			.isEmpty();
		Set<String> read = new TreeSet<>();
		Set<String> written = new TreeSet<>();
		document.get("operations").forEach((operation) -> {
			String channel = operation.at("/channel/$ref").asString().substring("#/channels/".length());
			String topic = document.at("/channels/" + channel + "/address").asString();
			("receive".equals(operation.get("action").asString()) ? read : written).add(topic);
		});
		Set<String> listened = new TreeSet<>();
		listeners.getListenerContainers()
			.forEach((container) -> listened.addAll(List.of(container.getContainerProperties().getTopics())));
		assertThat(read).as("topics its document says it reads").isEqualTo(listened);
		assertThat(written).as("topics its document says it writes")
			.containsAll(listened.stream().map((topic) -> topic + ".DLT").toList())
			.hasSizeGreaterThan(listened.size());
	}

	@Test
	default void refusesApiRequestsWithoutAValidTokenWithProblemDetails(@Autowired Environment environment)
			throws Exception {
		String url = "http://localhost:" + environment.getRequiredProperty("local.server.port") + apiPath();
		HttpClient client = HttpClient.newHttpClient();
		HttpResponse<String> none = client.send(HttpRequest.newBuilder(URI.create(url)).build(),
				HttpResponse.BodyHandlers.ofString());
		assertUnauthorized(none, "no token");
		for (String[] bad : TestTokens.get().badTokens("it-alice", "orders", "admin")) {
			HttpResponse<String> response = client.send(
					HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + bad[1]).build(),
					HttpResponse.BodyHandlers.ofString());
			assertUnauthorized(response, bad[0]);
		}
		HttpResponse<String> valid = client.send(HttpRequest.newBuilder(URI.create(url))
			.header("Authorization", "Bearer " + TestTokens.get().valid("it-alice", "orders"))
			.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(valid.statusCode()).as("valid token: " + valid.body()).isEqualTo(200);
	}

	/**
	 * The contract asks every error body for at least {@code type}, {@code title},
	 * {@code status} and {@code detail}: an unknown path (404), a wrong method (405), a
	 * malformed body (400 or 415), and a path the firewall rejects (an encoded
	 * {@code ;}), with a valid token.
	 */
	@Test
	default void answersEveryErrorWithACompleteProblem(@Autowired Environment environment) throws Exception {
		String base = "http://localhost:" + environment.getRequiredProperty("local.server.port");
		String token = "Bearer " + TestTokens.get().valid("it-alice", "orders", "admin");
		HttpClient client = HttpClient.newHttpClient();
		List<HttpRequest> requests = List.of(
				HttpRequest.newBuilder(URI.create(base + "/api/no-such-thing")).header("Authorization", token).build(),
				HttpRequest.newBuilder(URI.create(base + "/api/a%3Bb")).header("Authorization", token).build(),
				HttpRequest.newBuilder(URI.create(base + apiPath()))
					.header("Authorization", token)
					.method("PATCH", HttpRequest.BodyPublishers.noBody())
					.build(),
				HttpRequest.newBuilder(URI.create(base + apiPath().replaceFirst("\\?.*", "")))
					.header("Authorization", token)
					.header("Content-Type", "application/json")
					.POST(HttpRequest.BodyPublishers.ofString("{not json"))
					.build());
		for (HttpRequest request : requests) {
			HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
			String what = request.method() + " " + request.uri().getPath() + " -> " + response.statusCode() + " "
					+ response.body();
			assertThat(response.statusCode()).as(what).isBetween(400, 499);
			assertThat(response.headers().firstValue("Content-Type")).as(what)
				.hasValueSatisfying((type) -> assertThat(type).startsWith("application/problem+json"));
			JsonNode problem = JsonMapper.builder().build().readTree(response.body());
			assertThat(problem.get("type")).as(what).isNotNull();
			assertThat(problem.get("title")).as(what).isNotNull();
			assertThat(problem.get("status").asInt()).as(what).isEqualTo(response.statusCode());
			assertThat(problem.get("detail")).as(what).isNotNull();
		}
	}

	private static void assertUnauthorized(HttpResponse<String> response, String what) {
		assertThat(response.statusCode()).as(what).isEqualTo(401);
		assertThat(response.headers().firstValue("WWW-Authenticate")).as(what)
			.hasValueSatisfying((header) -> assertThat(header).startsWith("Bearer"));
		assertThat(response.headers().firstValue("Content-Type")).as(what)
			.hasValueSatisfying((type) -> assertThat(type).startsWith("application/problem+json"));
		assertThat(response.body()).as(what).contains("\"status\":401").contains("\"title\"").contains("\"detail\"");
	}

	@Test
	default void migratesItsSchemaWithFlyway(@Autowired JdbcTemplate jdbc) {
		List<String> versions = jdbc.queryForList(
				"SELECT version FROM flyway_schema_history WHERE success AND version IS NOT NULL ORDER BY installed_rank",
				String.class);
		assertThat(versions).startsWith("1");
	}

	@Test
	default void forgetsInboxEntriesPastTheirRetention(@Autowired JdbcTemplate jdbc, @Autowired InboxPruner pruner) {
		UUID old = UUID.randomUUID();
		UUID recent = UUID.randomUUID();
		jdbc.update("INSERT INTO inbox (message_id, received_at) VALUES (?, now() - interval '8 days')", old);
		jdbc.update("INSERT INTO inbox (message_id, received_at) VALUES (?, now())", recent);
		assertThat(pruner.prune()).isGreaterThanOrEqualTo(1);
		assertThat(
				jdbc.queryForList("SELECT message_id FROM inbox WHERE message_id IN (?, ?)", UUID.class, old, recent))
			.containsExactly(recent);
	}

	/**
	 * Each saga listener consumes with one thread per partition of the saga topics (ADR
	 * 19): a slow message holds up only its partition's orders.
	 */
	@Test
	default void consumesEachTopicWithOneThreadPerPartition(@Autowired KafkaListenerEndpointRegistry listeners,
			@Autowired MessagingProperties messaging) {
		assertThat(listeners.getListenerContainers()).isNotEmpty()
			.allSatisfy((container) -> assertThat(container).isInstanceOfSatisfying(
					ConcurrentMessageListenerContainer.class,
					(concurrent) -> assertThat(concurrent.getConcurrency()).as(container.getListenerId())
						.isEqualTo(messaging.partitions())));
	}

	/**
	 * Each saga listener commits its offsets once per {@code commit-interval}, not after
	 * every poll (ADR 33): what a crash delivers again goes through the inbox.
	 */
	@Test
	default void commitsOffsetsOncePerInterval(@Autowired KafkaListenerEndpointRegistry listeners,
			@Autowired MessagingProperties messaging) {
		assertThat(listeners.getListenerContainers()).isNotEmpty().allSatisfy((container) -> {
			ContainerProperties properties = container.getContainerProperties();
			assertThat(properties.getAckMode()).as(container.getListenerId()).isEqualTo(AckMode.TIME);
			assertThat(properties.getAckTime()).as(container.getListenerId())
				.isEqualTo(messaging.commitInterval().toMillis());
		});
	}

	@Test
	default void roundTripsAMessageThroughTheBroker(@Autowired KafkaTemplate<String, String> template,
			@Autowired ConsumerFactory<String, String> consumers) throws Exception {
		String topic = "sagashop.selftest." + UUID.randomUUID();
		String key = UUID.randomUUID().toString();
		template.send(new ProducerRecord<>(topic, key, "{\"ping\":true}")).get(30, TimeUnit.SECONDS);
		try (Consumer<String, String> consumer = consumers.createConsumer("selftest-" + key, null)) {
			TopicPartition partition = new TopicPartition(topic, 0);
			consumer.assign(List.of(partition));
			consumer.seekToBeginning(List.of(partition));
			await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
				List<ConsumerRecord<String, String>> records = consumer.poll(Duration.ofMillis(200)).records(partition);
				assertThat(records).singleElement().satisfies((record) -> {
					assertThat(record.key()).isEqualTo(key);
					assertThat(record.value()).isEqualTo("{\"ping\":true}");
				});
			});
		}
	}

	/**
	 * A message leaves in the trace of the transaction that wrote it, whether the relay
	 * sends it right after commit or the sweeper long after (a crash in between): the
	 * record's {@code traceparent} header names that trace.
	 */
	@Test
	default void sendsEachOutboxMessageInTheTraceThatWroteIt(@Autowired Outbox outbox, @Autowired Tracer tracer,
			@Autowired TransactionTemplate transactions, @Autowired JdbcTemplate jdbc, @Autowired MessageCodec codec,
			@Autowired ConsumerFactory<String, String> consumers) {
		String topic = "sagashop.selftest.trace." + UUID.randomUUID();
		UUID sentAfterCommit = UUID.randomUUID();
		Span span = tracer.nextSpan().name("selftest").start();
		try (Tracer.SpanInScope scope = tracer.withSpan(span)) {
			transactions.executeWithoutResult((status) -> outbox.send(topic,
					Envelope.of(sentAfterCommit, null, new ReleaseStock(sentAfterCommit))));
		}
		finally {
			span.end();
		}
		// A row a crashed instance left behind: only the sweeper sends it.
		UUID leftBehind = UUID.randomUUID();
		String earlierTrace = UUID.randomUUID().toString().replace("-", "");
		Envelope<ReleaseStock> envelope = Envelope.of(leftBehind, null, new ReleaseStock(leftBehind));
		jdbc.update(
				"INSERT INTO outbox (id, topic, record_key, payload, trace_context, created_at) "
						+ "VALUES (?, ?, ?, ?, ?, now() - interval '1 hour')",
				envelope.messageId(), topic, envelope.key(), codec.encode(envelope),
				"traceparent=00-" + earlierTrace + "-00f067aa0ba902b7-01\n");
		try (Consumer<String, String> consumer = consumers.createConsumer("selftest-" + sentAfterCommit, null)) {
			consumer.subscribe(List.of(topic));
			Map<String, String> traceOfOrder = new ConcurrentHashMap<>();
			await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
				for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
					Header header = record.headers().lastHeader("traceparent");
					traceOfOrder.put(record.key(),
							(header == null) ? "none" : new String(header.value(), StandardCharsets.UTF_8));
				}
				assertThat(traceOfOrder).containsKeys(sentAfterCommit.toString(), leftBehind.toString());
			});
			assertThat(traceOfOrder.get(sentAfterCommit.toString())).as("sent right after commit")
				.startsWith("00-" + span.context().traceId() + "-")
				.doesNotContain(span.context().spanId());
			assertThat(traceOfOrder.get(leftBehind.toString())).as("sent by the sweeper")
				.startsWith("00-" + earlierTrace + "-");
		}
	}

	/**
	 * Every sent row is deleted, however many wait: more than one delete statement's
	 * batch once dropped an id, and its row was sent again by the sweeper.
	 */
	@Test
	default void deletesEverySentOutboxRowWhenMoreThanABatchWait(@Autowired OutboxRelay relay,
			@Autowired JdbcTemplate jdbc) {
		List<UUID> ids = jdbc.queryForList("INSERT INTO outbox (id, topic, record_key, payload, created_at) "
				+ "SELECT gen_random_uuid(), 'sagashop.selftest.unsent', 'k', '{}', now() FROM generate_series(1, 2500) "
				+ "RETURNING id", UUID.class);
		OutboxRelayProbe probe = new OutboxRelayProbe(relay);
		ids.forEach(probe::sent);
		probe.deleteSent();
		assertThat(jdbc.queryForObject("SELECT count(*) FROM outbox WHERE id = ANY (?)", Integer.class,
				(Object) ids.toArray(UUID[]::new)))
			.as("rows left of 2,500 sent")
			.isZero();
	}

	/**
	 * A message Kafka refuses (here: larger than a request may be) stays in the outbox,
	 * and the sweeper still sends and deletes the others of its batch.
	 */
	@Test
	default void sweepsPastAMessageKafkaRefuses(@Autowired JdbcTemplate jdbc) {
		String topic = "sagashop.selftest.sweep." + UUID.randomUUID();
		UUID refused = jdbc.queryForObject("INSERT INTO outbox (id, topic, record_key, payload, created_at) "
				+ "VALUES (gen_random_uuid(), ?, 'k', repeat('x', 2000000), now() - interval '2 hours') RETURNING id",
				UUID.class, topic);
		List<UUID> fine = jdbc.queryForList("INSERT INTO outbox (id, topic, record_key, payload, created_at) "
				+ "SELECT gen_random_uuid(), ?, 'k', '{}', now() - interval '1 hour' FROM generate_series(1, 3) "
				+ "RETURNING id", UUID.class, topic);
		try {
			await().atMost(Duration.ofSeconds(30))
				.untilAsserted(
						() -> assertThat(jdbc.queryForList("SELECT id FROM outbox WHERE topic = ?", UUID.class, topic))
							.as("the sent rows deleted, the refused one kept (%s)", fine)
							.containsExactly(refused));
		}
		finally {
			jdbc.update("DELETE FROM outbox WHERE topic = ?", topic);
		}
	}

	/**
	 * While the broker is unreachable, each send blocks until it times out: the messages
	 * committed meanwhile wait in a bounded queue, and what does not fit stays in the
	 * outbox table for the sweeper, instead of filling the heap.
	 */
	@Test
	default void boundsTheMessagesWaitingForAnUnreachableBroker(@Autowired JdbcTemplate jdbc,
			@Autowired TransactionTemplate transactions) {
		DefaultKafkaProducerFactory<String, String> producers = new DefaultKafkaProducerFactory<>(
				Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, "localhost:1", ProducerConfig.MAX_BLOCK_MS_CONFIG, 100,
						ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
						ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class));
		KafkaTemplate<String, String> unreachable = new KafkaTemplate<>(producers);
		OutboxRelayProbe probe = OutboxRelayProbe.standalone(unreachable, jdbc, transactions);
		probe.start();
		try {
			int bound = OutboxRelayProbe.sendQueueBound();
			for (int i = 0; i < bound * 2; i++) {
				probe.publish(UUID.randomUUID(), "sagashop.selftest.unreachable", "{}");
			}
			assertThat(probe.queuedSends()).isLessThanOrEqualTo(bound).isGreaterThan(bound / 2);
		}
		finally {
			probe.stop();
			producers.destroy();
		}
	}

	/**
	 * Every message type; the fixtures and the rules: common-events, docs/messages.md.
	 */
	@Test
	default void readsEveryMessageAsTheReleaseBeforeWroteItAndFieldsALaterOneAdds(@Autowired MessageCodec codec) {
		MessageFixtures.assertCompatible(codec);
	}

	@Test
	default void exposesProbesAndMetrics(@Autowired Environment environment) throws Exception {
		String base = "http://localhost:" + environment.getRequiredProperty("local.server.port");
		HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
		for (String probe : List.of("/actuator/health/liveness", "/actuator/health/readiness")) {
			HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create(base + probe)).build(),
					HttpResponse.BodyHandlers.ofString());
			assertThat(response.statusCode()).as(probe).isEqualTo(200);
			assertThat(response.body()).as(probe).contains("\"UP\"");
		}
		HttpResponse<String> metrics = client.send(
				HttpRequest.newBuilder(URI.create(base + "/actuator/prometheus")).build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(metrics.statusCode()).isEqualTo(200);
		assertThat(metrics.body()).contains("jvm_memory_used_bytes").contains("hikaricp_connections");
	}

}
