package dev.sagashop.orders.order;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * An order as the API shows it: the body of {@code GET /api/orders/{id}}, of the response
 * that places it, and of the notice that it is final ({@code FinalOrders}).
 *
 * @param id the order's id
 * @param customerId whose it is
 * @param status where its saga is
 * @param items the priced lines
 * @param total the sum of the lines
 * @param currency of every amount
 * @param failureReason why it was rejected, if it was
 * @param createdAt when it was placed
 * @param updatedAt when it last changed
 * @param history what happened in each step
 */
public record OrderView(UUID id, String customerId, OrderStatus status, List<OrderLine> items, long total,
		String currency, @Schema(description = "why it was rejected; null unless REJECTED", types = {
				"string", "null" }) FailureReason failureReason,
		Instant createdAt, Instant updatedAt, List<HistoryEntry> history){

	/**
	 * The view of an order.
	 * @param order the order
	 * @return how the API shows it
	 */
	public static OrderView of(Order order) {
		return new OrderView(order.getId(), order.getCustomerId(), order.getStatus(), order.getItems(),
				order.getTotal(), order.getCurrency(), order.getFailureReason(), order.getCreatedAt(),
				order.getUpdatedAt(), order.getHistory());
	}

}
