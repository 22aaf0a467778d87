package dev.sagashop.orders.order;

import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.tuple;

/**
 * An order's rules without a database: its total, the moves its status may make, and what
 * it knows it has to write.
 */
class OrderTest {

	private static final ShippingAddress ADDRESS = new ShippingAddress("Alice", "Main St 1", "Berlin", "10115", "DE");

	@Test
	void aNewOrderIsPendingAndTotalsItsLines() {
		Order order = place();
		assertThat(order.getStatus()).isEqualTo(OrderStatus.PENDING);
		assertThat(order.getTotal()).isEqualTo(2 * 1299 + 2899);
		assertThat(order.getFailureReason()).isNull();
		assertThat(order.getHistory()).isEmpty();
		assertThat(order.getCreatedAt()).isEqualTo(order.getCreatedAt().truncatedTo(ChronoUnit.MICROS));
	}

	@Test
	void anOrderHasAtLeastOneLineAndSaneQuantitiesAndPrices() {
		assertThatIllegalArgumentException().isThrownBy(() -> Order.place("alice", List.of(), "EUR", ADDRESS));
		assertThatIllegalArgumentException().isThrownBy(() -> new OrderLine("MUG-1", 0, 1299));
		assertThatIllegalArgumentException().isThrownBy(() -> new OrderLine("MUG-1", 1001, 1299));
		assertThatIllegalArgumentException().isThrownBy(() -> new OrderLine("MUG-1", 1, 0));
	}

	@Test
	void aTotalThatDoesNotFitIsRefusedNotWrapped() {
		List<OrderLine> tooDear = List.of(new OrderLine("GOLD-1", 1000, Long.MAX_VALUE / 1000),
				new OrderLine("GOLD-2", 1, 1000));
		assertThatExceptionOfType(ArithmeticException.class)
			.isThrownBy(() -> Order.place("alice", tooDear, "EUR", ADDRESS));
	}

	@Test
	void theCheckoutConfirmsOrRejectsWithItsReason() {
		Order confirmed = place();
		confirmed.confirm();
		assertThat(confirmed.getStatus()).isEqualTo(OrderStatus.CONFIRMED);

		Order rejected = place();
		rejected.reject(FailureReason.OUT_OF_STOCK);
		assertThat(rejected.getStatus()).isEqualTo(OrderStatus.REJECTED);
		assertThat(rejected.getFailureReason()).isEqualTo(FailureReason.OUT_OF_STOCK);
	}

	@Test
	void aCancellationEndsCancelledOrConfirmedAgain() {
		Order cancelled = place();
		cancelled.startCancelling();
		cancelled.cancel();
		assertThat(cancelled.getStatus()).isEqualTo(OrderStatus.CANCELLED);

		Order alreadyLeft = place();
		alreadyLeft.confirm();
		alreadyLeft.startCancelling();
		alreadyLeft.confirm();
		assertThat(alreadyLeft.getStatus()).isEqualTo(OrderStatus.CONFIRMED);
	}

	@ParameterizedTest
	@EnumSource(value = OrderStatus.class, names = { "CONFIRMED", "REJECTED", "CANCELLED" })
	void aFinalOrderIsNeverRejected(OrderStatus status) {
		Order order = in(status);
		assertThatIllegalStateException().isThrownBy(() -> order.reject(FailureReason.TIMEOUT))
			.withMessageContaining("Cannot reject")
			.withMessageContaining(status.name());
		assertThat(order.getStatus()).isEqualTo(status);
		assertThat(order.getFailureReason()).isIn(null, FailureReason.PAYMENT_DECLINED);
	}

	@ParameterizedTest
	@EnumSource(value = OrderStatus.class, names = { "REJECTED", "CANCELLING", "CANCELLED" })
	void onlyAPendingOrConfirmedOrderCanBeCancelled(OrderStatus status) {
		assertRefused(status, Order::startCancelling);
	}

	@ParameterizedTest
	@EnumSource(value = OrderStatus.class, names = { "CONFIRMED", "REJECTED", "CANCELLED" })
	void onlyAPendingOrCancellingOrderCanBeConfirmed(OrderStatus status) {
		assertRefused(status, Order::confirm);
	}

	@ParameterizedTest
	@EnumSource(value = OrderStatus.class, names = { "PENDING", "CONFIRMED", "REJECTED", "CANCELLED" })
	void onlyACancellingOrderEndsCancelled(OrderStatus status) {
		assertRefused(status, Order::cancel);
	}

	@Test
	void knowsWhatChangedSinceItWasWritten() {
		Order order = place();
		order.stored(0);
		assertThat(order.isChanged()).isFalse();

		order.record(HistoryStep.PAYMENT, HistoryOutcome.CHARGED);
		assertThat(order.isChanged()).isTrue();
		assertThat(order.getUnstoredHistory()).extracting(HistoryEntry::step, HistoryEntry::outcome)
			.containsExactly(tuple("PAYMENT", "CHARGED"));
		order.stored(1);
		assertThat(order.isChanged()).isFalse();
		assertThat(order.getUnstoredHistory()).isEmpty();
		assertThat(order.getStoredHistory()).isEqualTo(1);

		order.confirm();
		assertThat(order.isChanged()).as("the status moved").isTrue();
		assertThat(order.getUnstoredHistory()).isEmpty();
		order.stored(2);
		assertThat(order.getVersion()).isEqualTo(2);
		assertThat(order.getHistory()).hasSize(1);
	}

	@Test
	void theHistoryCannotBeChangedFromOutside() {
		Order order = place();
		order.record(HistoryStep.PAYMENT, HistoryOutcome.CHARGED);
		List<HistoryEntry> history = order.getHistory();
		assertThatExceptionOfType(UnsupportedOperationException.class).isThrownBy(history::clear);
		assertThat(order.getHistory()).hasSize(1);
	}

	private static void assertRefused(OrderStatus status, Consumer<Order> move) {
		Order order = in(status);
		assertThatIllegalStateException().isThrownBy(() -> move.accept(order)).withMessageContaining(status.name());
		assertThat(order.getStatus()).isEqualTo(status);
	}

	/** A new order moved to the status by the allowed moves. */
	private static Order in(OrderStatus status) {
		Order order = place();
		switch (status) {
			case PENDING -> {
			}
			case CONFIRMED -> order.confirm();
			case REJECTED -> order.reject(FailureReason.PAYMENT_DECLINED);
			case CANCELLING -> order.startCancelling();
			case CANCELLED -> {
				order.startCancelling();
				order.cancel();
			}
		}
		return order;
	}

	private static Order place() {
		return Order.place("alice", List.of(new OrderLine("MUG-1", 2, 1299), new OrderLine("CAP-1", 1, 2899)), "EUR",
				ADDRESS);
	}

}
