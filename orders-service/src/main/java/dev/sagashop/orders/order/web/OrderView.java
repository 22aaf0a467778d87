package dev.sagashop.orders.order.web;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import dev.sagashop.orders.order.FailureReason;
import dev.sagashop.orders.order.HistoryEntry;
import dev.sagashop.orders.order.Order;
import dev.sagashop.orders.order.OrderLine;
import dev.sagashop.orders.order.OrderStatus;

/**
 * An order as the API shows it.
 */
record OrderView(UUID id, String customerId, OrderStatus status, List<OrderLine> items, long total, String currency,
		FailureReason failureReason, Instant createdAt, Instant updatedAt, List<HistoryEntry> history) {

	static OrderView of(Order order) {
		return new OrderView(order.getId(), order.getCustomerId(), order.getStatus(), order.getItems(),
				order.getTotal(), order.getCurrency(), order.getFailureReason(), order.getCreatedAt(),
				order.getUpdatedAt(), order.getHistory());
	}

}
