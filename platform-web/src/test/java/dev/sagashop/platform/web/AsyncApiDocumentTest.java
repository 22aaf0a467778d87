package dev.sagashop.platform.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

import com.asyncapi.v3._0_0.model.AsyncAPI;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Error;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import dev.sagashop.events.MessageTypes;
import dev.sagashop.events.Topics;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class AsyncApiDocumentTest {

	static final JsonMapper JSON = JsonMapper.builder().build();

	static final List<String> REPLIES = Topics.messages()
		.get(Topics.SAGA_REPLIES)
		.stream()
		.map(Class::getSimpleName)
		.toList();

	static final List<String> COMMANDS = Topics.messages()
		.entrySet()
		.stream()
		.filter((topic) -> !topic.getKey().equals(Topics.SAGA_REPLIES))
		.flatMap((topic) -> topic.getValue().stream())
		.map(Class::getSimpleName)
		.toList();

	/** orders-service's: it reads the replies and sends every command. */
	static ObjectNode orders() {
		return AsyncApiDocument.of("orders-service", "localhost:9092", List.of(Topics.SAGA_REPLIES), COMMANDS, 3);
	}

	static ObjectNode payments() {
		return AsyncApiDocument.of("payments-service", "kafka:9092", List.of(Topics.PAYMENT_COMMANDS),
				List.of("PaymentCharged", "PaymentDeclined", "PaymentRefunded"), 3);
	}

	@Test
	void readsAsAnAsyncApi3DocumentWithEveryReferenceResolved() throws Exception {
		for (ObjectNode document : List.of(orders(), payments())) {
			AsyncAPI model = new ObjectMapper().readValue(document.toString(), AsyncAPI.class);
			assertThat(model.getAsyncapi()).isEqualTo("3.0.0");
			assertThat(model.getChannels()).isNotEmpty();
			assertThat(model.getOperations()).isNotEmpty();
			List<String> unresolved = new ArrayList<>();
			references(document, document, unresolved);
			assertThat(unresolved).as("references that point nowhere").isEmpty();
		}
	}

	@Test
	void describesWhatAServiceReadsWritesAndDeadLetters() {
		ObjectNode payments = payments();
		assertThat(payments.at("/channels/paymentsCommands/address").asString()).isEqualTo(Topics.PAYMENT_COMMANDS);
		assertThat(payments.at("/operations/receivePaymentsCommands/action").asString()).isEqualTo("receive");
		assertThat(payments.at("/operations/receivePaymentsCommands/bindings/kafka/groupId/enum/0").asString())
			.isEqualTo("payments-service");
		assertThat(payments.at("/operations/sendSagaReplies/messages").findValuesAsString("$ref")).containsExactly(
				"#/channels/sagaReplies/messages/PaymentCharged", "#/channels/sagaReplies/messages/PaymentDeclined",
				"#/channels/sagaReplies/messages/PaymentRefunded");
		assertThat(payments.at("/channels/paymentsCommandsDlt/address").asString())
			.isEqualTo(Topics.PAYMENT_COMMANDS + ".DLT");
		assertThat(payments.at("/operations/sendPaymentsCommandsDlt/action").asString()).isEqualTo("send");
		assertThat(payments.at("/components/messages/ChargePayment/bindings/kafka/key/format").asString())
			.isEqualTo("uuid");
		assertThat(payments.at("/components/schemas/Headers/properties/traceparent").isObject()).isTrue();
		assertThat(payments.at("/components/schemas/ChargePayment/required").values()).map(JsonNode::asString)
			.containsExactlyInAnyOrder("orderId", "customerId", "amount", "currency", "cardToken");
		assertThat(payments.at("/components/schemas/ChargePayment/properties/orderId/format").asString())
			.isEqualTo("uuid");
		assertThat(payments.at("/channels").propertyNames()).as("no topic it neither reads nor writes")
			.containsExactlyInAnyOrder("paymentsCommands", "paymentsCommandsDlt", "sagaReplies");
	}

	@Test
	void everyMessageAsReleaseOneWroteItFitsItsDocumentedSchema() {
		ObjectNode orders = orders();
		ObjectNode all = AsyncApiDocument.of("all", "localhost:9092", List.of(), MessageTypes.names(), 3);
		SchemaRegistry schemas = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_7);
		List<String> refused = new ArrayList<>();
		for (String type : MessageTypes.names()) {
			ObjectNode root = JSON.createObjectNode();
			root.put("$ref", "#/components/schemas/" + type + "Envelope");
			root.set("components", all.get("components"));
			List<Error> errors = schemas.getSchema(SchemaLocation.of("urn:sagashop:asyncapi"), root)
				.validate(fixture(type));
			if (!errors.isEmpty()) {
				refused.add(type + ": " + errors);
			}
		}
		assertThat(refused).isEmpty();
		assertThat(orders.at("/components/messages").propertyNames()).containsAll(REPLIES).containsAll(COMMANDS);
	}

	@Test
	void refusesToDocumentAMessageThatDoesNotExist() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> AsyncApiDocument.of("x", "localhost:9092", List.of(), List.of("PaymentCharge"), 3))
			.withMessageContaining("PaymentCharge");
	}

	private static void references(JsonNode document, JsonNode node, List<String> unresolved) {
		if (node.isObject()) {
			JsonNode reference = node.get("$ref");
			if (reference != null && document.at(reference.asString().substring(1)).isMissingNode()) {
				unresolved.add(reference.asString());
			}
			node.values().forEach((value) -> references(document, value, unresolved));
		}
		else if (node.isArray()) {
			node.values().forEach((value) -> references(document, value, unresolved));
		}
	}

	private static JsonNode fixture(String type) {
		try (InputStream in = AsyncApiDocumentTest.class.getResourceAsStream("/messages/v1/" + type + ".json")) {
			return JSON.readTree(in);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
