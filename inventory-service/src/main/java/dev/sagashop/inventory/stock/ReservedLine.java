package dev.sagashop.inventory.stock;

/**
 * How many of one product a reservation holds.
 *
 * @param sku the product
 * @param quantity how many
 */
public record ReservedLine(String sku, int quantity) {
}
