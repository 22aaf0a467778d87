package dev.sagashop.orders.checkout;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the checkout saga ({@code sagashop.checkout.*}).
 *
 * @param stepTimeout how long a step (or a round of compensations) may wait for its reply
 * @param deadlineScanInterval how often the sweeper looks for passed deadlines
 */
@ConfigurationProperties("sagashop.checkout")
public record CheckoutProperties(@DefaultValue("10s") Duration stepTimeout,
		@DefaultValue("1s") Duration deadlineScanInterval) {
}
