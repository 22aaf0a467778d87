package dev.sagashop.systemtests;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

import dev.sagashop.events.Topics;
import dev.sagashop.systemtests.ApiInputs.Input;
import dev.sagashop.systemtests.ApiInputs.Kind;
import dev.sagashop.systemtests.ApiInputs.Operation;
import dev.sagashop.systemtests.RawHttp.Response;
import org.apache.kafka.clients.producer.RecordMetadata;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Fuzzes every operation the four OpenAPI documents describe, through the gateway, with
 * requests generated from the documents ({@link ApiInputs}): no answer is a 5xx, no
 * connection is lost, every error is problem+json, every request the document forbids is
 * refused with a 4xx, every request it allows is accepted (or refused by the domain: 409,
 * 422) with a status and a body its document gives ({@link Answers}), and no refused
 * request changes a row of any database. {@code sagashop.fuzz.inputs} per operation (200;
 * the {@code fuzz} profile sends 1,000), from {@code sagashop.fuzz.seed} (fixed, so that
 * a run is repeatable; {@code random} for a new one each run). Every run writes
 * {@code target/fuzz-report.txt}.
 */
@ExtendWith(SharedStack.class)
class ApiFuzzIT {

	static final Sagashop sagashop = new Sagashop();

	static final Shop shop = new Shop(sagashop);

	static final JsonMapper JSON = JsonMapper.builder().build();

	static final int INPUTS = Integer.getInteger("sagashop.fuzz.inputs", 200);

	static final long SEED = "random".equals(System.getProperty("sagashop.fuzz.seed")) ? System.nanoTime()
			: Long.getLong("sagashop.fuzz.seed", 20261202L);

	static String sku;

	static UUID orderId;

	static String shipmentId;

	/**
	 * A dead letter of each service, for its redrive and discard: dltTopic, partition,
	 * offset.
	 */
	static final Map<String, List<String>> deadLetters = new TreeMap<>();

	/**
	 * The operations fuzzed so far, as method and path with any service's name left out.
	 */
	final Set<String> shapes = new HashSet<>();

	@BeforeAll
	static void somethingToActOn() throws Exception {
		sku = shop.newProduct(100, 1_000_000);
		orderId = shop.order(sku, 1, "tok_visa", "DE");
		shop.awaitFinal(orderId);
		shipmentId = shop.get("/api/shipments?orderId=" + orderId).get(0).get("id").asString();
		Map<String, String> consumed = Map.of("orders-service", Topics.SAGA_REPLIES, "payments-service",
				Topics.PAYMENT_COMMANDS, "inventory-service", Topics.INVENTORY_COMMANDS, "shipping-service",
				Topics.SHIPPING_COMMANDS);
		for (Map.Entry<String, String> service : consumed.entrySet()) {
			// Malformed: redriven, it is parked again and changes nothing else.
			RecordMetadata parked = shop.park(service.getValue(), UUID.randomUUID().toString(), "{\"fuzz\":true}",
					"Parked by ApiFuzzIT");
			deadLetters.put(service.getKey(),
					List.of(parked.topic(), Integer.toString(parked.partition()), Long.toString(parked.offset())));
		}
	}

	@Test
	void everyOperationOfTheDocumentsAnswersEveryInputWithoutAServerError() throws Exception {
		List<Operation> operations = new ArrayList<>();
		for (String service : List.of("orders", "payments", "inventory", "shipping")) {
			Response document = get("/v3/api-docs/" + service);
			assertThat(document.status()).as(service + "'s document").isEqualTo(200);
			operations.addAll(ApiInputs.operations(JSON.readTree(document.body())));
		}
		assertThat(operations).as("operations documented").hasSizeGreaterThanOrEqualTo(11);
		Map<String, String> tokens = new TreeMap<>();
		for (String client : List.of("ops", "alice", "bob")) {
			tokens.put(client, sagashop.token(client));
		}
		ApiInputs inputs = new ApiInputs(new Random(SEED), ApiFuzzIT::seeds, tokens);
		List<String> failures = new ArrayList<>();
		StringBuilder report = new StringBuilder("Seed %d, %d inputs per operation%n".formatted(SEED, INPUTS));
		for (Operation operation : operations) {
			Map<String, Integer> statuses = fuzz(operation, inputs, failures);
			report.append("%-40s %s%n".formatted(operation, statuses));
		}
		Files.createDirectories(Path.of("target"));
		Files.writeString(Path.of("target", "fuzz-report.txt"),
				report + "\n" + failures.size() + " failures\n" + String.join("\n", failures));
		System.out.println(report);
		assertThat(failures).as("seed %d; every failure, as request -> answer", SEED).isEmpty();
	}

	/**
	 * One operation's inputs: the broken ones first, with the databases compared around
	 * them; then the valid and odd ones; then those of them that were refused once more,
	 * with the databases compared around them.
	 * @return how many answers of each kind and status
	 */
	private Map<String, Integer> fuzz(Operation operation, ApiInputs inputs, List<String> failures) throws Exception {
		List<Input> broken = new ArrayList<>();
		List<Input> others = new ArrayList<>();
		// The dead letters' operations are one piece of shared code (DeadLetterEndpoint)
		// in
		// each service: the first service's get every input, the others a quarter.
		String shape = operation.method() + " " + operation.path().replaceFirst("^/api/dead-letters/[^/]+", "*");
		int count = this.shapes.add(shape) ? INPUTS : INPUTS / 4;
		for (int i = 0; i < count; i++) {
			Input input = inputs.next(operation);
			(input.kind() == Kind.BROKEN ? broken : others).add(input);
		}
		Map<String, Integer> statuses = new TreeMap<>();
		Map<String, Long> before = operation.writes() ? Rows.quiet(sagashop) : null;
		for (Input input : broken) {
			send(operation, input, statuses, failures);
		}
		if (before != null) {
			compare(operation, "its broken inputs", before, failures);
		}
		List<Input> refused = new ArrayList<>();
		for (Input input : others) {
			Response response = send(operation, input, statuses, failures);
			if (response != null && response.status() >= 400 && response.status() != 409) {
				refused.add(input);
			}
		}
		if (operation.writes() && !refused.isEmpty()) {
			before = Rows.quiet(sagashop);
			for (Input input : refused) {
				Response again = send(operation, input, new TreeMap<>(), failures);
				if (again != null && again.status() < 400) {
					failures.add("%s: refused once, then %d: %s".formatted(input, again.status(),
							RawHttp.abbreviate(again.body())));
				}
			}
			compare(operation, "its valid and odd inputs refused", before, failures);
		}
		return statuses;
	}

	private static void compare(Operation operation, String what, Map<String, Long> before, List<String> failures) {
		Map<String, Long> after = Rows.quiet(sagashop);
		if (!after.equals(before)) {
			failures.add("%s: %s changed the databases: %s -> %s".formatted(operation, what, before, after));
		}
	}

	/** Sends one input and checks its answer; {@code null} when none came. */
	private static Response send(Operation operation, Input input, Map<String, Integer> statuses,
			List<String> failures) {
		Response response;
		try {
			response = RawHttp.send(sagashop.port(8080), input.method(), input.target(), input.headers(), input.body());
			if (response.status() == 429) {
				// The gateway's rate limit, for a client sending as fast as it can:
				// send again each second (its Retry-After) until it lets the input in.
				response = await().atMost(Duration.ofSeconds(15))
					.pollDelay(Duration.ofSeconds(1))
					.pollInterval(Duration.ofSeconds(1))
					.until(() -> RawHttp.send(sagashop.port(8080), input.method(), input.target(), input.headers(),
							input.body()), (again) -> again.status() != 429);
			}
		}
		catch (IOException ex) {
			failures.add("%s: no answer: %s".formatted(input, ex.getMessage()));
			return null;
		}
		statuses.merge(input.kind() + " " + response.status(), 1, Integer::sum);
		String problem = (response.status() >= 400 && !input.method().equals("HEAD")) ? problem(response) : null;
		String documented;
		if (response.status() >= 500) {
			failures.add("%s: a server error".formatted(input));
		}
		else if (input.kind() == Kind.BROKEN && response.status() < 400) {
			failures.add("%s: accepted what the document forbids".formatted(input));
		}
		else if (input.kind() == Kind.VALID && response.status() >= 400 && response.status() != 409
				&& response.status() != 422) {
			failures.add("%s: refused what the document allows".formatted(input));
		}
		else if (problem != null) {
			failures.add("%s: %s".formatted(input, problem));
		}
		else if (input.kind() == Kind.VALID && (documented = Answers.mismatch(operation, response)) != null) {
			failures.add("%s: %s".formatted(input, documented));
		}
		else {
			return response;
		}
		failures.set(failures.size() - 1, failures.get(failures.size() - 1) + " -> " + response.status() + " "
				+ RawHttp.abbreviate(response.body()));
		return response;
	}

	/**
	 * What is wrong with an error's answer as problem+json; {@code null} when nothing.
	 */
	private static String problem(Response response) {
		String type = response.header("Content-Type");
		if (type == null || !type.startsWith("application/problem+json")) {
			return "an error as " + type + ", not problem+json";
		}
		try {
			JsonNode problem = JSON.readTree(response.body());
			if (problem.path("status").asInt() != response.status() || !problem.has("title")) {
				return "a problem without its status or title";
			}
		}
		catch (RuntimeException ex) {
			return "a problem that is no JSON";
		}
		return null;
	}

	/** Values the documents cannot give: what exists, and what the saga needs. */
	private static List<String> seeds(Operation operation, String name) {
		return switch (name) {
			case "id" -> List.of(operation.path().startsWith("/api/shipments") ? shipmentId : orderId.toString());
			case "orderId" -> List.of(orderId.toString());
			case "sku" -> List.of(operation.path().equals("/api/products") && operation.method().equals("POST")
					? "FUZZ-" + UUID.randomUUID().toString().substring(0, 8) : sku);
			case "cardToken" -> List.of("tok_visa", "tok_chargeDeclined", "tok_mastercard");
			case "country" -> List.of("DE", "AQ", "FR");
			case "currency" -> List.of("EUR");
			// Orders wait until final, so that what is accepted does not pile up in
			// flight.
			case "Prefer" -> List.of("wait=5");
			case "dltTopic" -> List.of(deadLetter(operation).get(0));
			case "partition" -> List.of(deadLetter(operation).get(1));
			case "offset" -> List.of(deadLetter(operation).get(2));
			default -> List.of();
		};
	}

	/** The dead letter parked for the service an operation's path names. */
	private static List<String> deadLetter(Operation operation) {
		return deadLetters.get(operation.path().split("/")[3]);
	}

	private static Response get(String path) throws IOException {
		return RawHttp.send(sagashop.port(8080), "GET", path, Map.of(), null);
	}

}
