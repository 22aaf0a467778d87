package dev.sagashop.orders.checkout;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import dev.sagashop.events.ChargePayment;
import dev.sagashop.events.Envelope;
import dev.sagashop.events.RefundPayment;
import dev.sagashop.events.Topics;
import dev.sagashop.orders.order.Order;
import dev.sagashop.orders.order.OrderLine;
import dev.sagashop.orders.order.ShippingAddress;
import dev.sagashop.platform.messaging.MessageCodec;
import dev.sagashop.testsupport.RealInfrastructure;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.core.ConsumerFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * How long a step waits, on an instance whose clock runs an hour ahead: the command is
 * resent while the step waits, the step gives up only at its deadline by the database's
 * clock, and then compensates. No participant runs here, so nothing answers.
 */
@SpringBootTest(properties = { "sagashop.checkout.step-timeout=6s", "sagashop.checkout.resend-after=1s",
		"sagashop.checkout.deadline-scan-interval=200ms" })
@RealInfrastructure
class SagaTimingIT {

	static final Duration STEP_TIMEOUT = Duration.ofSeconds(6);

	@Autowired
	CheckoutOrchestrator orchestrator;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	MessageCodec codec;

	@Autowired
	ConsumerFactory<String, String> consumers;

	@Test
	void resendsAWaitingStepAndGivesUpOnlyAtItsDeadlineByTheDatabasesClock() {
		try (Consumer<String, String> commands = this.consumers.createConsumer("timing-" + UUID.randomUUID(), null)) {
			commands.subscribe(List.of(Topics.PAYMENT_COMMANDS));
			long placedAt = System.nanoTime();
			UUID orderId = this.orchestrator.place(Order.place("it-timing", List.of(new OrderLine("SKU-1", 1, 1000)),
					"EUR", new ShippingAddress("Ada", "1 Main St", "Berlin", "10115", "DE")), "tok_visa", null)
				.getId();
			Double deadlineIn = this.jdbc.queryForObject(
					"SELECT extract(epoch FROM deadline - now()) FROM checkout_sagas WHERE order_id = ?", Double.class,
					orderId);
			assertThat(deadlineIn).as("seconds to the deadline, by the database's clock")
				.isBetween(STEP_TIMEOUT.toSeconds() - 2.0, (double) STEP_TIMEOUT.toSeconds());

			List<Received> received = new ArrayList<>();
			await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
				for (ConsumerRecord<String, String> record : commands.poll(Duration.ofMillis(100))) {
					Envelope<?> envelope = this.codec.decode(record.value());
					if (orderId.equals(envelope.orderId())) {
						received.add(new Received(envelope.payload(), System.nanoTime() - placedAt));
					}
				}
				assertThat(received)
					.anySatisfy((command) -> assertThat(command.payload()).isInstanceOf(RefundPayment.class));
			});

			List<Received> charges = received.stream().filter((r) -> r.payload() instanceof ChargePayment).toList();
			Received refund = received.stream().filter((r) -> r.payload() instanceof RefundPayment).findFirst().get();
			assertThat(charges).as("the charge and its resends before the deadline").hasSizeGreaterThanOrEqualTo(2);
			assertThat(Duration.ofNanos(refund.after())).as("the refund, once the step gave up")
				.isGreaterThanOrEqualTo(STEP_TIMEOUT.minusSeconds(1));
			assertThat(this.jdbc.queryForList("SELECT step || ' ' || outcome FROM order_history WHERE order_id = ?",
					String.class, orderId))
				.contains("PAYMENT TIMED_OUT");
		}
	}

	/** A command the test saw, and when, counted from placing the order. */
	record Received(Object payload, long after) {
	}

	@TestConfiguration
	static class ClockAnHourAhead {

		@Bean
		@Primary
		Clock clockAnHourAhead() {
			return Clock.offset(Clock.systemUTC(), Duration.ofHours(1));
		}

	}

}
