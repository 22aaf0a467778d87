package dev.sagashop.orders.order;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;

/**
 * Where the order goes.
 *
 * @param name the recipient
 * @param line1 street and number
 * @param city the city
 * @param postalCode the postal code
 * @param country ISO 3166-1 alpha-2 code
 */
@Embeddable
public record ShippingAddress(@Column(name = "ship_name") String name, @Column(name = "ship_line1") String line1,
		@Column(name = "ship_city") String city, @Column(name = "ship_postal_code") String postalCode,
		@Column(name = "ship_country") String country) {
}
