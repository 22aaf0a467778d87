package dev.sagashop.orders.order;

import java.time.Instant;

/**
 * One thing that happened to an order, e.g. {@code PAYMENT CHARGED}.
 *
 * @param step {@code PAYMENT}, {@code STOCK} or {@code SHIPPING}
 * @param outcome what happened
 * @param at when the orchestrator learnt it
 */
public record HistoryEntry(String step, String outcome, Instant at) {
}
