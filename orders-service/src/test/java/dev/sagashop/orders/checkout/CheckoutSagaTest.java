package dev.sagashop.orders.checkout;

import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;

import dev.sagashop.events.PaymentCharged;
import dev.sagashop.events.PaymentDeclined;
import dev.sagashop.events.PaymentRefunded;
import dev.sagashop.events.Reply;
import dev.sagashop.events.ShipmentCancelled;
import dev.sagashop.events.ShipmentRefused;
import dev.sagashop.events.ShipmentScheduled;
import dev.sagashop.events.StockReleased;
import dev.sagashop.events.StockReserved;
import dev.sagashop.events.StockUnavailable;
import dev.sagashop.orders.checkout.Transition.HistoryNote;
import dev.sagashop.orders.order.FailureReason;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static dev.sagashop.orders.checkout.Action.CANCEL_SHIPMENT;
import static dev.sagashop.orders.checkout.Action.REFUND_PAYMENT;
import static dev.sagashop.orders.checkout.Action.RELEASE_STOCK;
import static dev.sagashop.orders.checkout.Action.RESERVE_STOCK;
import static dev.sagashop.orders.checkout.Action.SCHEDULE_SHIPMENT;
import static dev.sagashop.orders.checkout.Phase.CHARGING_PAYMENT;
import static dev.sagashop.orders.checkout.Phase.COMPENSATING;
import static dev.sagashop.orders.checkout.Phase.CONFIRMED;
import static dev.sagashop.orders.checkout.Phase.REJECTED;
import static dev.sagashop.orders.checkout.Phase.RESERVING_STOCK;
import static dev.sagashop.orders.checkout.Phase.SCHEDULING_SHIPMENT;
import static dev.sagashop.orders.order.FailureReason.OUT_OF_STOCK;
import static dev.sagashop.orders.order.FailureReason.PAYMENT_DECLINED;
import static dev.sagashop.orders.order.FailureReason.SHIPPING_UNAVAILABLE;
import static dev.sagashop.orders.order.FailureReason.TIMEOUT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

class CheckoutSagaTest {

	static final UUID ORDER = UUID.randomUUID();

	static final CheckoutSaga saga = new CheckoutSaga();

	static final PaymentCharged CHARGED = new PaymentCharged(ORDER, UUID.randomUUID(), 2500);

	static final PaymentDeclined DECLINED = new PaymentDeclined(ORDER, "card declined");

	static final StockReserved RESERVED = new StockReserved(ORDER);

	static final StockUnavailable UNAVAILABLE = new StockUnavailable(ORDER, List.of("SKU-1"));

	static final ShipmentScheduled SCHEDULED = new ShipmentScheduled(ORDER, UUID.randomUUID(), "DHL", "DHL-1",
			LocalDate.of(2026, 12, 1));

	static final ShipmentRefused REFUSED = new ShipmentRefused(ORDER, "no carrier for AQ");

	static final PaymentRefunded REFUNDED = new PaymentRefunded(ORDER, 2500);

	static final StockReleased RELEASED = new StockReleased(ORDER);

	static final ShipmentCancelled CANCELLED = new ShipmentCancelled(ORDER);

	static SagaState at(Phase phase) {
		return SagaState.at(phase);
	}

	static SagaState compensating(FailureReason reason, Action... pending) {
		return new SagaState(COMPENSATING, reason, Set.of(pending));
	}

	static SagaState rejected(FailureReason reason) {
		return new SagaState(REJECTED, reason, Set.of());
	}

	@Test
	void startsByChargingThePayment() {
		Transition start = saga.start();
		assertThat(start.next()).isEqualTo(at(CHARGING_PAYMENT));
		assertThat(start.actions()).containsExactly(Action.CHARGE_PAYMENT);
	}

	static Stream<Arguments> replies() {
		return Stream.of(
				// the happy path
				arguments(at(CHARGING_PAYMENT), CHARGED, at(RESERVING_STOCK), List.of(RESERVE_STOCK),
						"PAYMENT CHARGED"),
				arguments(at(RESERVING_STOCK), RESERVED, at(SCHEDULING_SHIPMENT), List.of(SCHEDULE_SHIPMENT),
						"STOCK RESERVED"),
				arguments(at(SCHEDULING_SHIPMENT), SCHEDULED, at(CONFIRMED), List.of(), "SHIPPING SCHEDULED"),
				// each step refused: undo the steps before it
				arguments(at(CHARGING_PAYMENT), DECLINED, rejected(PAYMENT_DECLINED), List.of(), "PAYMENT DECLINED"),
				arguments(at(RESERVING_STOCK), UNAVAILABLE, compensating(OUT_OF_STOCK, REFUND_PAYMENT),
						List.of(REFUND_PAYMENT), "STOCK UNAVAILABLE"),
				arguments(at(SCHEDULING_SHIPMENT), REFUSED,
						compensating(SHIPPING_UNAVAILABLE, RELEASE_STOCK, REFUND_PAYMENT),
						List.of(RELEASE_STOCK, REFUND_PAYMENT), "SHIPPING REFUSED"),
				// compensations confirmed one by one; rejected only after the last
				arguments(compensating(OUT_OF_STOCK, REFUND_PAYMENT), REFUNDED, rejected(OUT_OF_STOCK), List.of(),
						"PAYMENT REFUNDED"),
				arguments(compensating(SHIPPING_UNAVAILABLE, RELEASE_STOCK, REFUND_PAYMENT), RELEASED,
						compensating(SHIPPING_UNAVAILABLE, REFUND_PAYMENT), List.of(), "STOCK RELEASED"),
				arguments(compensating(SHIPPING_UNAVAILABLE, RELEASE_STOCK, REFUND_PAYMENT), REFUNDED,
						compensating(SHIPPING_UNAVAILABLE, RELEASE_STOCK), List.of(), "PAYMENT REFUNDED"),
				arguments(compensating(TIMEOUT, CANCEL_SHIPMENT), CANCELLED, rejected(TIMEOUT), List.of(),
						"SHIPPING CANCELLED"));
	}

	@ParameterizedTest(name = "{0} + {1} -> {2}")
	@MethodSource("replies")
	void movesOnAReplyAsTheTableSays(SagaState state, Reply reply, SagaState next, List<Action> actions,
			String history) {
		Transition transition = saga.onReply(state, reply);
		assertThat(transition.ignored()).isFalse();
		assertThat(transition.next()).isEqualTo(next);
		assertThat(transition.actions()).isEqualTo(actions);
		assertThat(transition.history()).extracting((note) -> note.step() + " " + note.outcome())
			.containsExactly(history);
	}

	static Stream<Arguments> deadlines() {
		return Stream.of(
				// a step that timed out may have happened: undo it too
				arguments(at(CHARGING_PAYMENT), compensating(TIMEOUT, REFUND_PAYMENT), List.of(REFUND_PAYMENT)),
				arguments(at(RESERVING_STOCK), compensating(TIMEOUT, RELEASE_STOCK, REFUND_PAYMENT),
						List.of(RELEASE_STOCK, REFUND_PAYMENT)),
				arguments(at(SCHEDULING_SHIPMENT),
						compensating(TIMEOUT, CANCEL_SHIPMENT, RELEASE_STOCK, REFUND_PAYMENT),
						List.of(CANCEL_SHIPMENT, RELEASE_STOCK, REFUND_PAYMENT)),
				// compensations are resent until confirmed, the reason kept
				arguments(compensating(OUT_OF_STOCK, REFUND_PAYMENT), compensating(OUT_OF_STOCK, REFUND_PAYMENT),
						List.of(REFUND_PAYMENT)),
				arguments(compensating(SHIPPING_UNAVAILABLE, RELEASE_STOCK, REFUND_PAYMENT),
						compensating(SHIPPING_UNAVAILABLE, RELEASE_STOCK, REFUND_PAYMENT),
						List.of(RELEASE_STOCK, REFUND_PAYMENT)));
	}

	@ParameterizedTest(name = "{0} deadline -> {1}")
	@MethodSource("deadlines")
	void compensatesWhatMayHaveHappenedWhenADeadlinePasses(SagaState state, SagaState next, List<Action> actions) {
		Transition transition = saga.onDeadline(state);
		assertThat(transition.next()).isEqualTo(next);
		assertThat(transition.actions()).isEqualTo(actions);
	}

	static Stream<Arguments> resends() {
		return Stream.of(arguments(at(CHARGING_PAYMENT), List.of(Action.CHARGE_PAYMENT)),
				arguments(at(RESERVING_STOCK), List.of(RESERVE_STOCK)),
				arguments(at(SCHEDULING_SHIPMENT), List.of(SCHEDULE_SHIPMENT)),
				arguments(compensating(TIMEOUT, CANCEL_SHIPMENT, RELEASE_STOCK, REFUND_PAYMENT),
						List.of(CANCEL_SHIPMENT, RELEASE_STOCK, REFUND_PAYMENT)),
				arguments(compensating(OUT_OF_STOCK, REFUND_PAYMENT), List.of(REFUND_PAYMENT)));
	}

	@ParameterizedTest(name = "{0} resends {1}")
	@MethodSource("resends")
	void resendsWhatAWaitingSagaWaitsForWithoutChangingIt(SagaState state, List<Action> actions) {
		Transition transition = saga.onResend(state);
		assertThat(transition.ignored()).isFalse();
		assertThat(transition.next()).isEqualTo(state);
		assertThat(transition.actions()).isEqualTo(actions);
		assertThat(transition.history()).isEmpty();
	}

	@Test
	void resendsNothingOnceFinal() {
		assertThat(saga.onResend(at(CONFIRMED)).ignored()).isTrue();
		assertThat(saga.onResend(rejected(OUT_OF_STOCK)).ignored()).isTrue();
	}

	@Test
	void notesTheTimeoutInTheHistory() {
		assertThat(saga.onDeadline(at(RESERVING_STOCK)).history())
			.containsExactly(new HistoryNote("STOCK", "TIMED_OUT"));
	}

	static Stream<Arguments> ignoredReplies() {
		return Stream.of(
				// duplicates of replies already acted upon
				arguments(at(RESERVING_STOCK), CHARGED), arguments(at(SCHEDULING_SHIPMENT), RESERVED),
				arguments(at(CONFIRMED), SCHEDULED), arguments(rejected(PAYMENT_DECLINED), DECLINED),
				arguments(rejected(OUT_OF_STOCK), REFUNDED),
				arguments(compensating(SHIPPING_UNAVAILABLE, REFUND_PAYMENT), RELEASED),
				// replies that arrive after their deadline passed
				arguments(compensating(TIMEOUT, REFUND_PAYMENT), CHARGED),
				arguments(compensating(TIMEOUT, REFUND_PAYMENT), DECLINED),
				arguments(compensating(TIMEOUT, RELEASE_STOCK, REFUND_PAYMENT), RESERVED),
				arguments(compensating(TIMEOUT, RELEASE_STOCK, REFUND_PAYMENT), UNAVAILABLE),
				arguments(compensating(TIMEOUT, CANCEL_SHIPMENT, RELEASE_STOCK, REFUND_PAYMENT), SCHEDULED),
				arguments(rejected(TIMEOUT), CHARGED), arguments(rejected(TIMEOUT), SCHEDULED),
				// replies to a step that has not started
				arguments(at(CHARGING_PAYMENT), RESERVED), arguments(at(CHARGING_PAYMENT), REFUNDED),
				arguments(at(RESERVING_STOCK), SCHEDULED));
	}

	@ParameterizedTest(name = "{0} ignores {1}")
	@MethodSource("ignoredReplies")
	void ignoresDuplicateAndLateReplies(SagaState state, Reply reply) {
		Transition transition = saga.onReply(state, reply);
		assertThat(transition.ignored()).isTrue();
		assertThat(transition.next()).isEqualTo(state);
		assertThat(transition.actions()).isEmpty();
		assertThat(transition.history()).isEmpty();
	}

	@Test
	void finalStatesHaveNoDeadline() {
		assertThat(saga.onDeadline(at(CONFIRMED)).ignored()).isTrue();
		assertThat(saga.onDeadline(rejected(TIMEOUT)).ignored()).isTrue();
	}

	@Test
	void everyPathEndsFinalWithEveryCompletedStepUndone() {
		// Walk each failure point to its end, confirming compensations as they are asked
		// for.
		for (Reply failure : List.of(DECLINED, UNAVAILABLE, REFUSED)) {
			SagaState state = saga.start().next();
			for (Reply reply : List.of(CHARGED, RESERVED)) {
				Transition failed = saga.onReply(state, failure);
				if (!failed.ignored()) {
					state = failed.next();
					break;
				}
				state = saga.onReply(state, reply).next();
			}
			if (!state.phase().isFinal() && state.phase() != COMPENSATING) {
				state = saga.onReply(state, failure).next();
			}
			for (Action undo : List.copyOf(state.pendingCompensations())) {
				state = saga.onReply(state, confirmationOf(undo)).next();
			}
			assertThat(state.phase()).as("after %s", failure).isEqualTo(REJECTED);
			assertThat(state.pendingCompensations()).isEmpty();
		}
	}

	static Reply confirmationOf(Action undo) {
		return switch (undo) {
			case REFUND_PAYMENT -> REFUNDED;
			case RELEASE_STOCK -> RELEASED;
			case CANCEL_SHIPMENT -> CANCELLED;
			default -> throw new IllegalArgumentException(undo.name());
		};
	}

}
