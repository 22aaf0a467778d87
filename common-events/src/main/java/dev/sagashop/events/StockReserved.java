package dev.sagashop.events;

import java.util.UUID;

/**
 * Every line of the order is reserved.
 *
 * @param orderId the order
 */
public record StockReserved(UUID orderId) implements Reply {
}
