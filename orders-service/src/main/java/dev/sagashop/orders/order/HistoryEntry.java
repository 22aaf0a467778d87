package dev.sagashop.orders.order;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;

/**
 * One thing that happened to an order, e.g. {@code PAYMENT CHARGED}.
 *
 * @param step {@code PAYMENT}, {@code STOCK} or {@code SHIPPING}
 * @param outcome what happened
 * @param at when the orchestrator learnt it
 */
@Embeddable
public record HistoryEntry(@Column(name = "step") String step, @Column(name = "outcome") String outcome,
		@Column(name = "at") Instant at) {
}
