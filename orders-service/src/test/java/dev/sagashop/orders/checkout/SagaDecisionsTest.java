package dev.sagashop.orders.checkout;

import java.time.Instant;
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
import dev.sagashop.events.ShipmentDispatched;
import dev.sagashop.events.ShipmentRefused;
import dev.sagashop.events.ShipmentScheduled;
import dev.sagashop.events.StockReleased;
import dev.sagashop.events.StockReserved;
import dev.sagashop.events.StockUnavailable;
import dev.sagashop.orders.checkout.Transition.HistoryNote;
import dev.sagashop.orders.order.HistoryOutcome;
import dev.sagashop.orders.order.HistoryStep;
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
import static dev.sagashop.orders.checkout.Phase.CANCELLING_SHIPMENT;
import static dev.sagashop.orders.checkout.Phase.CHARGING_PAYMENT;
import static dev.sagashop.orders.checkout.Phase.COMPENSATING;
import static dev.sagashop.orders.checkout.Phase.CONFIRMED;
import static dev.sagashop.orders.checkout.Phase.REFUNDING_PAYMENT;
import static dev.sagashop.orders.checkout.Phase.REJECTED;
import static dev.sagashop.orders.checkout.Phase.RELEASING_STOCK;
import static dev.sagashop.orders.checkout.Phase.RESERVING_STOCK;
import static dev.sagashop.orders.checkout.Phase.SCHEDULING_SHIPMENT;
import static dev.sagashop.orders.order.FailureReason.OUT_OF_STOCK;
import static dev.sagashop.orders.order.FailureReason.PAYMENT_DECLINED;
import static dev.sagashop.orders.order.FailureReason.SHIPPING_UNAVAILABLE;
import static dev.sagashop.orders.order.FailureReason.TIMEOUT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.junit.jupiter.params.provider.Arguments.arguments;

class SagaDecisionsTest {

	static final UUID ORDER = UUID.randomUUID();

	static final SagaDecisions saga = new SagaDecisions();

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

	static final ShipmentDispatched DISPATCHED = new ShipmentDispatched(ORDER, UUID.randomUUID(),
			Instant.parse("2026-12-01T10:00:00Z"));

	static SagaState at(Phase phase) {
		return SagaState.at(phase);
	}

	static SagaState compensating(FailureReason reason, Action... pending) {
		return new SagaState(COMPENSATING, reason, Set.of(pending));
	}

	static SagaState rejected(FailureReason reason) {
		return new SagaState(REJECTED, reason, Set.of());
	}

	static SagaState cancelling(FailureReason reason, Action... pending) {
		return new SagaState(COMPENSATING, reason, Set.of(pending), true, false);
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
						"SHIPPING CANCELLED"),
				// the shipment's cancellation confirmed: the others, which
				// waited for it, go
				arguments(compensating(TIMEOUT, CANCEL_SHIPMENT, RELEASE_STOCK, REFUND_PAYMENT), CANCELLED,
						compensating(TIMEOUT, RELEASE_STOCK, REFUND_PAYMENT), List.of(RELEASE_STOCK, REFUND_PAYMENT),
						"SHIPPING CANCELLED"),
				// ... or refused: the parcel left, nothing was undone,
				// the order is complete
				arguments(compensating(TIMEOUT, CANCEL_SHIPMENT, RELEASE_STOCK, REFUND_PAYMENT), DISPATCHED,
						at(CONFIRMED).withDispatched(), List.of(), "SHIPPING DISPATCHED"),
				// a cancellation asked for during the checkout: at the step's answer,
				// undo everything done so far
				arguments(at(CHARGING_PAYMENT).withCancelRequested(), CHARGED, cancelling(null, REFUND_PAYMENT),
						List.of(REFUND_PAYMENT), "PAYMENT CHARGED"),
				arguments(at(CHARGING_PAYMENT).withCancelRequested(), DECLINED, at(Phase.CANCELLED), List.of(),
						"PAYMENT DECLINED"),
				arguments(at(RESERVING_STOCK).withCancelRequested(), RESERVED,
						cancelling(null, RELEASE_STOCK, REFUND_PAYMENT), List.of(RELEASE_STOCK, REFUND_PAYMENT),
						"STOCK RESERVED"),
				arguments(at(RESERVING_STOCK).withCancelRequested(), UNAVAILABLE,
						cancelling(OUT_OF_STOCK, REFUND_PAYMENT), List.of(REFUND_PAYMENT), "STOCK UNAVAILABLE"),
				// ... including a cancellation that races the checkout's last reply
				arguments(at(SCHEDULING_SHIPMENT).withCancelRequested(), SCHEDULED,
						cancelling(null, CANCEL_SHIPMENT, RELEASE_STOCK, REFUND_PAYMENT), List.of(CANCEL_SHIPMENT),
						"SHIPPING SCHEDULED"),
				arguments(at(SCHEDULING_SHIPMENT).withCancelRequested(), REFUSED,
						cancelling(SHIPPING_UNAVAILABLE, RELEASE_STOCK, REFUND_PAYMENT),
						List.of(RELEASE_STOCK, REFUND_PAYMENT), "SHIPPING REFUSED"),
				arguments(cancelling(null, REFUND_PAYMENT), REFUNDED, at(Phase.CANCELLED), List.of(),
						"PAYMENT REFUNDED"),
				arguments(cancelling(TIMEOUT, RELEASE_STOCK), RELEASED, at(Phase.CANCELLED), List.of(),
						"STOCK RELEASED"),
				arguments(cancelling(null, CANCEL_SHIPMENT, RELEASE_STOCK, REFUND_PAYMENT), DISPATCHED,
						at(CONFIRMED).withDispatched(), List.of(), "CANCELLATION REFUSED"),
				// the cancellation of a confirmed order, step by step
				arguments(at(CANCELLING_SHIPMENT).withCancelRequested(), CANCELLED,
						at(RELEASING_STOCK).withCancelRequested(), List.of(RELEASE_STOCK), "SHIPPING CANCELLED"),
				arguments(at(RELEASING_STOCK).withCancelRequested(), RELEASED,
						at(REFUNDING_PAYMENT).withCancelRequested(), List.of(REFUND_PAYMENT), "STOCK RELEASED"),
				arguments(at(REFUNDING_PAYMENT).withCancelRequested(), REFUNDED, at(Phase.CANCELLED), List.of(),
						"PAYMENT REFUNDED"),
				// ... refused when a dispatch races it: nothing else is undone
				arguments(at(CANCELLING_SHIPMENT).withCancelRequested(), DISPATCHED, at(CONFIRMED).withDispatched(),
						List.of(), "CANCELLATION REFUSED"));
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
				// the shipment's cancellation can be refused (the parcel left):
				// it goes first, alone
				arguments(at(SCHEDULING_SHIPMENT),
						compensating(TIMEOUT, CANCEL_SHIPMENT, RELEASE_STOCK, REFUND_PAYMENT),
						List.of(CANCEL_SHIPMENT)),
				// a cancellation asked for during the checkout ends it CANCELLED
				arguments(at(RESERVING_STOCK).withCancelRequested(), cancelling(TIMEOUT, RELEASE_STOCK, REFUND_PAYMENT),
						List.of(RELEASE_STOCK, REFUND_PAYMENT)),
				// a cancellation's steps never give up
				arguments(at(CANCELLING_SHIPMENT).withCancelRequested(), at(CANCELLING_SHIPMENT).withCancelRequested(),
						List.of(CANCEL_SHIPMENT)),
				arguments(at(REFUNDING_PAYMENT).withCancelRequested(), at(REFUNDING_PAYMENT).withCancelRequested(),
						List.of(REFUND_PAYMENT)),
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
						List.of(CANCEL_SHIPMENT)),
				arguments(compensating(TIMEOUT, RELEASE_STOCK, REFUND_PAYMENT), List.of(RELEASE_STOCK, REFUND_PAYMENT)),
				arguments(compensating(OUT_OF_STOCK, REFUND_PAYMENT), List.of(REFUND_PAYMENT)),
				arguments(at(CANCELLING_SHIPMENT).withCancelRequested(), List.of(CANCEL_SHIPMENT)),
				arguments(at(RELEASING_STOCK).withCancelRequested(), List.of(RELEASE_STOCK)));
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
			.containsExactly(new HistoryNote(HistoryStep.STOCK, HistoryOutcome.TIMED_OUT));
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
				arguments(at(RESERVING_STOCK), SCHEDULED),
				// a cancellation's duplicates and news it already has
				arguments(at(RELEASING_STOCK).withCancelRequested(), CANCELLED),
				arguments(at(CANCELLING_SHIPMENT).withCancelRequested(), SCHEDULED),
				arguments(at(CONFIRMED).withDispatched(), DISPATCHED), arguments(at(Phase.CANCELLED), REFUNDED),
				arguments(compensating(OUT_OF_STOCK, REFUND_PAYMENT), DISPATCHED));
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
		// Walk each failure point to its end, confirming compensations as
		// they are asked for.
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

	@Test
	void notesOnceThatTheParcelOfAConfirmedOrderLeft() {
		Transition transition = saga.onReply(at(CONFIRMED), DISPATCHED);
		assertThat(transition.ignored()).isFalse();
		assertThat(transition.next()).isEqualTo(at(CONFIRMED).withDispatched());
		assertThat(transition.actions()).isEmpty();
		assertThat(transition.history())
			.containsExactly(new HistoryNote(HistoryStep.SHIPPING, HistoryOutcome.DISPATCHED));
	}

	static Stream<Arguments> cancellations() {
		return Stream.of(
				// a confirmed order: the cancellation saga starts with the shipment
				arguments(at(CONFIRMED), at(CANCELLING_SHIPMENT).withCancelRequested(), List.of(CANCEL_SHIPMENT)),
				// a running checkout: it stops at its step's answer
				arguments(at(CHARGING_PAYMENT), at(CHARGING_PAYMENT).withCancelRequested(), List.of()),
				arguments(at(SCHEDULING_SHIPMENT), at(SCHEDULING_SHIPMENT).withCancelRequested(), List.of()),
				// a failing checkout: it ends CANCELLED rather than REJECTED
				arguments(compensating(OUT_OF_STOCK, REFUND_PAYMENT), cancelling(OUT_OF_STOCK, REFUND_PAYMENT),
						List.of()));
	}

	@ParameterizedTest(name = "{0} cancelled -> {1}")
	@MethodSource("cancellations")
	void takesACancellationAsTheTableSays(SagaState state, SagaState next, List<Action> actions) {
		Transition transition = saga.onCancel(state);
		assertThat(transition.ignored()).isFalse();
		assertThat(transition.next()).isEqualTo(next);
		assertThat(transition.actions()).isEqualTo(actions);
		assertThat(transition.history())
			.containsExactly(new HistoryNote(HistoryStep.CANCELLATION, HistoryOutcome.REQUESTED));
	}

	@Test
	void aCancellationAskedForAgainChangesNothing() {
		for (SagaState state : List.of(at(Phase.CANCELLED), at(CANCELLING_SHIPMENT).withCancelRequested(),
				at(REFUNDING_PAYMENT).withCancelRequested(), at(RESERVING_STOCK).withCancelRequested(),
				cancelling(null, REFUND_PAYMENT))) {
			assertThat(saga.onCancel(state).ignored()).as("%s", state).isTrue();
		}
	}

	@Test
	void refusesToCancelARejectedOrderOrOneWhoseParcelLeft() {
		assertThatExceptionOfType(CancellationRefused.class).isThrownBy(() -> saga.onCancel(rejected(OUT_OF_STOCK)))
			.satisfies((refused) -> assertThat(refused.getTitle()).isEqualTo("Order rejected"));
		assertThatExceptionOfType(CancellationRefused.class)
			.isThrownBy(() -> saga.onCancel(at(CONFIRMED).withDispatched()))
			.satisfies((refused) -> assertThat(refused.getTitle()).isEqualTo("Already dispatched"));
	}

	@Test
	void everyCancellationEndsCancelledWithEverythingUndone() {
		// Cancel at every point of the checkout, then answer whatever is asked for
		// until the saga ends.
		for (int answered = 0; answered <= 3; answered++) {
			SagaState state = saga.start().next();
			for (int i = 0; i < answered; i++) {
				state = saga.onReply(state, answerTo(saga.onResend(state).actions().get(0))).next();
			}
			state = saga.onCancel(state).next();
			int rounds = 0;
			while (!state.phase().isFinal() && rounds++ < 20) {
				state = saga.onReply(state, answerTo(saga.onResend(state).actions().get(0))).next();
			}
			assertThat(state).as("cancelled after %d answers", answered).isEqualTo(at(Phase.CANCELLED));
		}
	}

	/** The successful answer to a command. */
	static Reply answerTo(Action action) {
		return switch (action) {
			case CHARGE_PAYMENT -> CHARGED;
			case RESERVE_STOCK -> RESERVED;
			case SCHEDULE_SHIPMENT -> SCHEDULED;
			case REFUND_PAYMENT -> REFUNDED;
			case RELEASE_STOCK -> RELEASED;
			case CANCEL_SHIPMENT -> CANCELLED;
		};
	}

}
