package dev.sagashop.orders;

import java.util.List;

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
import org.springframework.data.domain.PageRequest;

import static org.assertj.core.api.Assertions.assertThat;

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
		Order placed = this.orders.saveAndFlush(
				Order.place("it-alice", List.of(new OrderLine("SKU-1", 2, 1250), new OrderLine("SKU-2", 1, 399)), "EUR",
						new ShippingAddress("Ada", "1 Main St", "Berlin", "10115", "DE")));
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

}
