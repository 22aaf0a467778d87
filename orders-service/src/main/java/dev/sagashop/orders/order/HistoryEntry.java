package dev.sagashop.orders.order;

import java.time.Instant;

/**
 * One thing that happened to an order, e.g. {@code PAYMENT CHARGED}, as it is stored and
 * shown. Written from a {@link HistoryStep} and a {@link HistoryOutcome}; read as text,
 * so an entry that a newer version wrote (during a rolling deploy) still reads.
 *
 * @param step a {@link HistoryStep}'s name
 * @param outcome a {@link HistoryOutcome}'s name
 * @param at when the orchestrator learnt it
 */
public record HistoryEntry(String step, String outcome, Instant at) {
}
