package dev.sagashop.shipping.shipment;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the simulated carrier ({@code sagashop.shipping.*}).
 *
 * @param collectionDelay how long after scheduling the carrier collects a shipment; until
 * then the order can be cancelled. Longer than the checkout's step timeout (2 minutes),
 * so a checkout that gives up on shipping can still cancel what it scheduled
 * @param collectionScanInterval how often the carrier looks for shipments to collect
 */
@ConfigurationProperties("sagashop.shipping")
public record ShippingProperties(@DefaultValue("5m") Duration collectionDelay,
		@DefaultValue("1s") Duration collectionScanInterval) {
}
