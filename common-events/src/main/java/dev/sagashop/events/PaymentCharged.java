package dev.sagashop.events;

import java.util.UUID;

/**
 * The order's total was charged.
 *
 * @param orderId the order
 * @param paymentId the ledger row of the charge
 * @param amount minor units
 */
public record PaymentCharged(UUID orderId, UUID paymentId, long amount) implements Reply {
}
