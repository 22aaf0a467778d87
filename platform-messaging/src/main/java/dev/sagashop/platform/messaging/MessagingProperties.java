package dev.sagashop.platform.messaging;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the messaging infrastructure ({@code sagashop.messaging.*}).
 *
 * @param sweepAfter how old an unsent outbox row must be before the sweeper sends it
 * @param partitions partitions of the saga topics this service creates
 * @param retries redeliveries of a failing message before it goes to the dead-letter
 * topic
 * @param retryInterval the pause between those redeliveries
 * @param inboxRetention how long a handled message's id is remembered
 * @param commitInterval how often a listener commits the offsets of what it handled (ADR
 * 33; read by {@link MessagingDefaults} into Spring Kafka's {@code ack-time}): a crash
 * delivers up to this much again, which the inbox recognises
 */
@ConfigurationProperties("sagashop.messaging")
public record MessagingProperties(@DefaultValue("2s") Duration sweepAfter, @DefaultValue("3") int partitions,
		@DefaultValue("4") int retries, @DefaultValue("500ms") Duration retryInterval,
		@DefaultValue("7d") Duration inboxRetention, @DefaultValue("1s") Duration commitInterval) {
}
