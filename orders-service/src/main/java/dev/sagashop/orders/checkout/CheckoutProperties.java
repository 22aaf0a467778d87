package dev.sagashop.orders.checkout;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the checkout saga ({@code sagashop.checkout.*}); ADR 13 explains the
 * defaults.
 *
 * @param stepTimeout how long a step may stay unanswered before the saga gives up on it
 * and compensates ({@code TIMEOUT}): long enough to wait out a participant, the broker or
 * orders-service itself being away for a minute
 * @param resendAfter how long a step or a round of compensations waits before its
 * commands are sent again (participants answer a repeated command as they answered the
 * first)
 * @param deadlineScanInterval how often the sweeper looks for sagas to wake
 */
@ConfigurationProperties("sagashop.checkout")
public record CheckoutProperties(@DefaultValue("2m") Duration stepTimeout, @DefaultValue("10s") Duration resendAfter,
		@DefaultValue("1s") Duration deadlineScanInterval) {
}
