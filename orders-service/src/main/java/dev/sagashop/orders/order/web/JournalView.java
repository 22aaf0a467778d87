package dev.sagashop.orders.order.web;

import java.util.List;
import java.util.UUID;

import dev.sagashop.orders.checkout.JournalEntry;
import io.swagger.v3.oas.annotations.media.Schema;

/**
 * An order's saga journal, as {@code GET /api/orders/{id}/journal} answers it.
 *
 * @param orderId the order
 * @param traceId the checkout's trace, where it was traced
 * @param entries what its saga did, oldest first
 */
@Schema(name = "Journal", description = "What an order's saga did, oldest first")
record JournalView(@Schema(description = "The order's id") UUID orderId,
		@Schema(description = "The trace its checkout ran in (W3C trace id, as Zipkin finds it); null when it was "
				+ "not traced",
				types = {
						"string", "null" }) String traceId,
		@Schema(description = "What its saga did, oldest first") List<JournalEntry> entries){

}
