package dev.sagashop.orders;

import java.util.List;

import dev.sagashop.orders.order.FailureReason;
import dev.sagashop.orders.order.HistoryEntry;
import dev.sagashop.orders.order.Order;
import dev.sagashop.orders.order.OrderLine;
import dev.sagashop.orders.order.OrderStatus;
import dev.sagashop.orders.order.Orders;
import dev.sagashop.orders.order.ShippingAddress;
import dev.sagashop.testsupport.RealInfrastructure;
import dev.sagashop.testsupport.ServiceInfrastructureContract;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.data.domain.PageRequest;

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

	@Test
	void storesAnOrderWithItsLinesAndTotal() {
		Order placed = this.orders
			.save(Order.place("it-alice", List.of(new OrderLine("SKU-1", 2, 1250), new OrderLine("SKU-2", 1, 399)),
					"EUR", new ShippingAddress("Ada", "1 Main St", "Berlin", "10115", "DE")));
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
		Order placed = this.orders.save(Order.place("it-bob", List.of(new OrderLine("SKU-1", 1, 100)), "EUR",
				new ShippingAddress("Bob", "2 Main St", "Paris", "75001", "FR")));
		Order first = this.orders.findById(placed.getId()).orElseThrow();
		Order second = this.orders.findById(placed.getId()).orElseThrow();
		first.record("PAYMENT", "CHARGED");
		this.orders.update(first);
		first.record("STOCK", "RESERVED");
		first.confirm();
		this.orders.update(first);

		Order read = this.orders.findById(placed.getId()).orElseThrow();
		assertThat(read.getStatus()).isEqualTo(OrderStatus.CONFIRMED);
		assertThat(read.getHistory()).extracting(HistoryEntry::step, HistoryEntry::outcome)
			.containsExactly(tuple("PAYMENT", "CHARGED"), tuple("STOCK", "RESERVED"));
		assertThat(read.getUpdatedAt()).isEqualTo(first.getUpdatedAt());

		second.reject(FailureReason.TIMEOUT);
		assertThatExceptionOfType(OptimisticLockingFailureException.class).isThrownBy(() -> this.orders.update(second));
		assertThat(this.orders.findById(placed.getId()).orElseThrow().getStatus()).isEqualTo(OrderStatus.CONFIRMED);
	}

}
