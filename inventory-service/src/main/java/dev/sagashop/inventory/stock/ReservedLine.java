package dev.sagashop.inventory.stock;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;

/**
 * How many of one product a reservation holds.
 *
 * @param sku the product
 * @param quantity how many
 */
@Embeddable
public record ReservedLine(@Column(name = "sku") String sku, @Column(name = "quantity") int quantity) {
}
