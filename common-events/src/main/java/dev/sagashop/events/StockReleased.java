package dev.sagashop.events;

import java.util.UUID;

/**
 * Whatever was reserved for the order is available again.
 *
 * @param orderId the order
 */
public record StockReleased(UUID orderId) implements Reply {
}
