package dev.sagashop.orders;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;

import dev.sagashop.orders.order.FailureReason;
import dev.sagashop.orders.order.HistoryEntry;
import dev.sagashop.orders.order.HistoryOutcome;
import dev.sagashop.orders.order.HistoryStep;
import dev.sagashop.orders.order.Order;
import dev.sagashop.orders.order.OrderLine;
import dev.sagashop.orders.order.OrderStatus;
import dev.sagashop.orders.order.Orders;
import dev.sagashop.orders.order.ShippingAddress;
import dev.sagashop.testsupport.RealInfrastructure;
import dev.sagashop.testsupport.ServiceInfrastructureContract;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.data.domain.PageRequest;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.tuple;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@RealInfrastructure
class OrdersServiceIT implements ServiceInfrastructureContract {

	@Override
	public String apiPath() {
		return "/api/orders";
	}

	@Autowired
	Orders orders;

	@Autowired
	TransactionTemplate transactions;

	/**
	 * The document says what placing and cancelling answer: the statuses, the headers,
	 * and an order whose failure reason may be null.
	 */
	@Test
	void documentsWhatPlacingAndCancellingAnswer(@LocalServerPort int port) throws Exception {
		JsonNode document = JsonMapper.builder()
			.build()
			.readTree(HttpClient.newHttpClient()
				.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/v3/api-docs")).build(),
						HttpResponse.BodyHandlers.ofString())
				.body());
		JsonNode place = document.at("/paths/~1api~1orders/post");
		assertThat(place.get("responses").propertyNames()).contains("201", "202", "400", "401", "409", "422", "503");
		assertThat(place.at("/responses/201/headers").propertyNames()).contains("Location", "Preference-Applied",
				"Idempotent-Replayed");
		assertThat(place.at("/responses/202/content/application~1json/schema/$ref").asString()).endsWith("/OrderView");
		assertThat(place.at("/responses/503/headers").has("Retry-After")).isTrue();
		List<String> headers = new ArrayList<>();
		place.get("parameters").forEach((parameter) -> headers.add(parameter.get("name").asString()));
		assertThat(headers).containsExactlyInAnyOrder("Idempotency-Key", "Prefer");
		JsonNode cancel = document.at("/paths/~1api~1orders~1{id}~1cancel/post");
		assertThat(cancel.get("responses").propertyNames()).contains("200", "202", "404", "409");
		assertThat(document.at("/components/schemas/OrderView/properties/failureReason").toString()).contains("null");
	}

	@Test
	void storesAnOrderWithItsLinesAndTotal() {
		Order placed = this.transactions.execute((status) -> this.orders
			.save(Order.place("it-alice", List.of(new OrderLine("SKU-1", 2, 1250), new OrderLine("SKU-2", 1, 399)),
					"EUR", new ShippingAddress("Ada", "1 Main St", "Berlin", "10115", "DE"))));
		assertThat(this.orders.findById(placed.getId())).hasValueSatisfying((order) -> {
			assertThat(order.getStatus()).isEqualTo(OrderStatus.PENDING);
			assertThat(order.getItems()).containsExactly(new OrderLine("SKU-1", 2, 1250),
					new OrderLine("SKU-2", 1, 399));
			assertThat(order.getTotal()).isEqualTo(2899);
		});
		assertThat(this.orders.findByCustomerIdOrderByCreatedAtDesc("it-alice", PageRequest.of(0, 10)))
			.extracting(Order::getId)
			.contains(placed.getId());
	}

	@Test
	void writesTheStatusAndTheNewHistoryAndRefusesAStaleWrite() {
		Order placed = this.transactions
			.execute((status) -> this.orders.save(Order.place("it-bob", List.of(new OrderLine("SKU-1", 1, 100)), "EUR",
					new ShippingAddress("Bob", "2 Main St", "Paris", "75001", "FR"))));
		Order first = this.orders.findById(placed.getId()).orElseThrow();
		Order second = this.orders.findById(placed.getId()).orElseThrow();
		first.record(HistoryStep.PAYMENT, HistoryOutcome.CHARGED);
		this.transactions.executeWithoutResult((status) -> this.orders.update(first));
		first.record(HistoryStep.STOCK, HistoryOutcome.RESERVED);
		first.confirm();
		this.transactions.executeWithoutResult((status) -> this.orders.update(first));

		Order read = this.orders.findById(placed.getId()).orElseThrow();
		assertThat(read.getStatus()).isEqualTo(OrderStatus.CONFIRMED);
		assertThat(read.getHistory()).extracting(HistoryEntry::step, HistoryEntry::outcome)
			.containsExactly(tuple("PAYMENT", "CHARGED"), tuple("STOCK", "RESERVED"));
		assertThat(read.getUpdatedAt()).isEqualTo(first.getUpdatedAt());

		// The stale write fails at commit, where the order's writes go (ADR 34), and
		// takes the history written with it back.
		second.record(HistoryStep.PAYMENT, HistoryOutcome.REFUNDED);
		second.reject(FailureReason.TIMEOUT);
		assertThatExceptionOfType(OptimisticLockingFailureException.class)
			.isThrownBy(() -> this.transactions.executeWithoutResult((status) -> this.orders.update(second)));
		Order after = this.orders.findById(placed.getId()).orElseThrow();
		assertThat(after.getStatus()).isEqualTo(OrderStatus.CONFIRMED);
		assertThat(after.getHistory()).hasSize(2);
	}

}
