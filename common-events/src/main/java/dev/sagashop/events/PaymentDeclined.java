package dev.sagashop.events;

import java.util.UUID;

/**
 * The charge was refused; nothing was taken.
 *
 * @param orderId the order
 * @param reason why, for people
 */
public record PaymentDeclined(UUID orderId, String reason) implements Reply {
}
