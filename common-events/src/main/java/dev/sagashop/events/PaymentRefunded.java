package dev.sagashop.events;

import java.util.UUID;

/**
 * What was charged for the order is given back (0 when nothing had been charged).
 *
 * @param orderId the order
 * @param amount minor units refunded
 */
public record PaymentRefunded(UUID orderId, long amount) implements Reply {
}
