package dev.sagashop.orders.order;

/**
 * Where the order goes.
 *
 * @param name the recipient
 * @param line1 street and number
 * @param city the city
 * @param postalCode the postal code
 * @param country ISO 3166-1 alpha-2 code
 */
public record ShippingAddress(String name, String line1, String city, String postalCode, String country) {
}
