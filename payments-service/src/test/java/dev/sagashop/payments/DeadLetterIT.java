package dev.sagashop.payments;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import dev.sagashop.events.ChargePayment;
import dev.sagashop.events.Envelope;
import dev.sagashop.events.PaymentCharged;
import dev.sagashop.events.Topics;
import dev.sagashop.payments.payment.Payments;
import dev.sagashop.platform.messaging.MessageCodec;
import dev.sagashop.testsupport.RealInfrastructure;
import dev.sagashop.testsupport.SagaMessages;
import dev.sagashop.testsupport.TestTokens;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.KafkaHeaders;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The messages payments-service gave up on, as an admin handles them: a malformed command
 * is parked at once and listed with its error; a charge parked while something was wrong
 * is redriven and handled (the charge made, its reply sent), once; a discard is recorded;
 * a second decision is 409; customers may not look.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@RealInfrastructure
class DeadLetterIT {

	static final JsonMapper json = JsonMapper.builder().build();

	static final String DLT = Topics.PAYMENT_COMMANDS + ".DLT";

	@LocalServerPort
	int port;

	@Autowired
	Payments payments;

	@Autowired
	KafkaTemplate<String, String> kafka;

	@Autowired
	MessageCodec codec;

	SagaMessages messages;

	@BeforeEach
	void connect(@Autowired ConsumerFactory<String, String> consumers) {
		this.messages = new SagaMessages(this.kafka, consumers, this.codec);
	}

	@AfterEach
	void disconnect() {
		this.messages.close();
	}

	@Test
	void listsRedrivesOnceAndDiscardsTheMessagesItGaveUpOn() throws Exception {
		UUID malformed = UUID.randomUUID();
		this.messages.send(Topics.PAYMENT_COMMANDS, malformed, "{\"not\":\"a command\"");
		// A charge that failed while, say, a bug was deployed, parked as the error
		// handler
		// parks one: what an admin sends again once it is fixed.
		UUID parked = UUID.randomUUID();
		ProducerRecord<String, String> record = new ProducerRecord<>(DLT, parked.toString(), this.codec
			.encode(Envelope.of(parked, null, new ChargePayment(parked, "alice", 1800, "EUR", "tok_visa"))));
		record.headers()
			.add(KafkaHeaders.DLT_ORIGINAL_TOPIC, Topics.PAYMENT_COMMANDS.getBytes(StandardCharsets.UTF_8))
			.add(KafkaHeaders.DLT_EXCEPTION_MESSAGE, "Simulated: the charge failed".getBytes(StandardCharsets.UTF_8));
		this.kafka.send(record).get(30, TimeUnit.SECONDS);

		JsonNode bad = await().atMost(Duration.ofSeconds(60)).until(() -> letter(malformed), (found) -> found != null);
		assertThat(bad.get("topic").asString()).isEqualTo(Topics.PAYMENT_COMMANDS);
		assertThat(bad.get("dltTopic").asString()).isEqualTo(DLT);
		assertThat(bad.get("error").asString()).isNotBlank();
		assertThat(bad.get("payload").asString()).isEqualTo("{\"not\":\"a command\"");
		assertThat(bad.get("decision").isNull()).isTrue();
		JsonNode charge = await().atMost(Duration.ofSeconds(30)).until(() -> letter(parked), (found) -> found != null);
		assertThat(charge.get("type").asString()).isEqualTo("ChargePayment");
		assertThat(charge.get("error").asString()).isEqualTo("Simulated: the charge failed");

		HttpResponse<String> redriven = post(charge, "redrive", admin());
		assertThat(redriven.statusCode()).as(redriven.body()).isEqualTo(200);
		assertThat(json.readTree(redriven.body()).get("decision").asString()).isEqualTo("REDRIVEN");
		assertThat(json.readTree(redriven.body()).get("decidedBy").asString()).isEqualTo("ops");
		assertThat(this.messages.awaitReplies(parked, 1)).singleElement().isInstanceOf(PaymentCharged.class);
		assertThat(this.payments.findByOrderIdOrderByCreatedAt(parked)).singleElement()
			.satisfies((payment) -> assertThat(payment.getAmount()).isEqualTo(1800));
		HttpResponse<String> again = post(charge, "redrive", admin());
		assertThat(again.statusCode()).isEqualTo(409);
		assertThat(again.body()).contains("redriven by ops");
		assertThat(letter(parked).get("decision").asString()).isEqualTo("REDRIVEN");

		assertThat(post(bad, "discard", admin()).statusCode()).isEqualTo(200);
		assertThat(letter(malformed).get("decision").asString()).isEqualTo("DISCARDED");
		assertThat(post(bad, "redrive", admin()).statusCode()).as("decided once").isEqualTo(409);
	}

	@Test
	void isForAdminsOnlyAndAnswersUnknownOnesWithNotFound() throws Exception {
		assertThat(get(TestTokens.get().valid("alice", "orders")).statusCode()).isEqualTo(403);
		HttpResponse<String> unknown = send("POST", "/" + DLT + "/0/999999999/redrive", admin());
		assertThat(unknown.statusCode()).isEqualTo(404);
		assertThat(unknown.headers().firstValue("Content-Type"))
			.hasValueSatisfying((type) -> assertThat(type).startsWith("application/problem+json"));
		assertThat(send("POST", "/" + DLT + "/x/1/redrive", admin()).statusCode()).isEqualTo(400);
	}

	/** The listed dead letter of an order, or {@code null}. */
	private JsonNode letter(UUID orderId) throws Exception {
		HttpResponse<String> list = get(admin());
		assertThat(list.statusCode()).as(list.body()).isEqualTo(200);
		for (JsonNode letter : json.readTree(list.body())) {
			if (orderId.toString().equals(letter.path("orderId").asString())) {
				return letter;
			}
		}
		return null;
	}

	private HttpResponse<String> post(JsonNode letter, String decision, String token) throws Exception {
		return send("POST", "/%s/%d/%d/%s".formatted(letter.get("dltTopic").asString(),
				letter.get("dltPartition").asInt(), letter.get("dltOffset").asLong(), decision), token);
	}

	private HttpResponse<String> get(String token) throws Exception {
		return send("GET", "", token);
	}

	private HttpResponse<String> send(String method, String path, String token) throws Exception {
		return HttpClient.newHttpClient()
			.send(HttpRequest
				.newBuilder(URI.create("http://localhost:" + this.port + "/api/dead-letters/payments-service" + path))
				.header("Authorization", "Bearer " + token)
				.method(method, HttpRequest.BodyPublishers.noBody())
				.build(), HttpResponse.BodyHandlers.ofString());
	}

	private static String admin() {
		return TestTokens.get().valid("ops", "orders", "admin");
	}

}
