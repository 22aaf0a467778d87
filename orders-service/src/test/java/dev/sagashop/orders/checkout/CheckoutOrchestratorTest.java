package dev.sagashop.orders.checkout;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import dev.sagashop.events.CancelShipment;
import dev.sagashop.events.ChargePayment;
import dev.sagashop.events.Command;
import dev.sagashop.events.Envelope;
import dev.sagashop.events.PaymentCharged;
import dev.sagashop.events.PaymentRefunded;
import dev.sagashop.events.RefundPayment;
import dev.sagashop.events.ReleaseStock;
import dev.sagashop.events.ReserveStock;
import dev.sagashop.events.StockUnavailable;
import dev.sagashop.orders.order.Order;
import dev.sagashop.orders.order.OrderLine;
import dev.sagashop.orders.order.Orders;
import dev.sagashop.orders.order.idempotency.IdempotencyKeys;
import dev.sagashop.orders.order.ShippingAddress;
import dev.sagashop.platform.messaging.Outbox;
import dev.sagashop.platform.messaging.TraceContexts;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import org.mockito.InOrder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.atLeast;
import static org.mockito.Mockito.inOrder;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

/**
 * The orchestrator without a database or a broker: when a saga wakes, gives up and
 * resends (by the database's clock), and the order of its side effects — the order and
 * its history written, then the commands handed to the outbox, then the saga's row.
 */
class CheckoutOrchestratorTest {

	static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");

	static final CheckoutProperties PROPERTIES = new CheckoutProperties(Duration.ofMinutes(2), Duration.ofSeconds(10),
			Duration.ofSeconds(1));

	Orders orders = mock(Orders.class);

	Checkouts checkouts = mock(Checkouts.class);

	Outbox outbox = mock(Outbox.class);

	DatabaseClock clock = mock(DatabaseClock.class);

	RecordingJournal journal = new RecordingJournal();

	Admission admission = mock(Admission.class);

	CheckoutOrchestrator orchestrator;

	Order order = Order.place("alice", List.of(new OrderLine("SKU-1", 2, 1250)), "EUR",
			new ShippingAddress("Ada", "1 Main St", "Berlin", "10115", "DE"));

	@BeforeEach
	void wire() {
		when(this.clock.now()).thenReturn(NOW);
		when(this.orders.save(any())).thenAnswer((call) -> call.getArgument(0));
		when(this.orders.findById(this.order.getId())).thenReturn(Optional.of(this.order));
		this.orchestrator = new CheckoutOrchestrator(this.orders, this.checkouts, this.outbox, PROPERTIES, this.clock,
				new SagaMetrics(new SimpleMeterRegistry()), new TraceContexts(ObservationRegistry.NOOP, null, null),
				mock(FinalOrders.class), this.journal, mock(IdempotencyKeys.class), this.admission);
	}

	@Test
	void aNewCheckoutChargesFirstWaitsTwoMinutesAndResendsAfterTen() {
		this.orchestrator.place(this.order, "tok_visa", null);
		ArgumentCaptor<Checkout> saved = ArgumentCaptor.forClass(Checkout.class);
		InOrder sequence = inOrder(this.orders, this.outbox, this.checkouts);
		sequence.verify(this.orders).save(this.order);
		sequence.verify(this.outbox).send(anyString(), any());
		sequence.verify(this.checkouts).save(saved.capture());
		assertThat(saved.getValue().getPhase()).isEqualTo(Phase.CHARGING_PAYMENT);
		assertThat(saved.getValue().getDeadline()).isEqualTo(NOW.plus(PROPERTIES.stepTimeout()));
		assertThat(saved.getValue().getWakeAt()).isEqualTo(NOW.plus(PROPERTIES.resendAfter()));
		assertThat(sentCommands()).singleElement().isInstanceOf(ChargePayment.class);
	}

	@Test
	void aStepBeforeItsDeadlineResendsItsCommandAndWaitsAgain() {
		Checkout waiting = waitingIn(Phase.RESERVING_STOCK, NOW.plusSeconds(30));
		when(this.checkouts.lockDue(10)).thenReturn(List.of(new Checkouts.Locked(waiting, NOW)));
		assertThat(this.orchestrator.wakeDue(10)).isEqualTo(1);
		assertThat(sentCommands()).singleElement().isInstanceOf(ReserveStock.class);
		assertThat(waiting.getPhase()).isEqualTo(Phase.RESERVING_STOCK);
		assertThat(waiting.getWakeAt()).isEqualTo(NOW.plus(PROPERTIES.resendAfter()));
		assertThat(waiting.getDeadline()).isEqualTo(NOW.plusSeconds(30));
		verify(this.checkouts).update(waiting);
		verify(this.orders, never()).update(any());
	}

	@Test
	void aStepPastItsDeadlineIsUndoneWithTheStepsBeforeItAndTheOrderIsWrittenBeforeTheCommandsGo() {
		Checkout late = waitingIn(Phase.RESERVING_STOCK, NOW);
		when(this.checkouts.lockDue(10)).thenReturn(List.of(new Checkouts.Locked(late, NOW)));
		this.orchestrator.wakeDue(10);
		InOrder sequence = inOrder(this.orders, this.outbox, this.checkouts);
		sequence.verify(this.orders).update(this.order);
		sequence.verify(this.outbox, times(2)).send(anyString(), any());
		sequence.verify(this.checkouts).update(late);
		assertThat(sentCommands()).hasExactlyElementsOfTypes(ReleaseStock.class, RefundPayment.class);
		assertThat(this.order.getHistory()).extracting((entry) -> entry.step() + " " + entry.outcome())
			.containsExactly("STOCK TIMED_OUT");
		assertThat(late.getPhase()).isEqualTo(Phase.COMPENSATING);
		assertThat(late.getDeadline()).as("compensations never give up").isNull();
		assertThat(late.getWakeAt()).isEqualTo(NOW.plus(PROPERTIES.resendAfter()));
	}

	@Test
	void aShipmentThatTimedOutIsCancelledAloneBeforeAnythingElseIsUndone() {
		Checkout late = waitingIn(Phase.SCHEDULING_SHIPMENT, NOW.minusSeconds(1));
		when(this.checkouts.lockDue(10)).thenReturn(List.of(new Checkouts.Locked(late, NOW)));
		this.orchestrator.wakeDue(10);
		assertThat(sentCommands()).singleElement().isInstanceOf(CancelShipment.class);
		assertThat(late.state().pendingCompensations()).containsExactlyInAnyOrder(Action.CANCEL_SHIPMENT,
				Action.RELEASE_STOCK, Action.REFUND_PAYMENT);
	}

	@Test
	void journalsEachReplyBeforeTheCommandsItCausesAndTheRepliesItIgnores() {
		Checkout charging = waitingIn(Phase.CHARGING_PAYMENT, NOW.plusSeconds(30));
		when(this.checkouts.lockById(this.order.getId())).thenReturn(Optional.of(new Checkouts.Locked(charging, NOW)));
		Envelope<PaymentCharged> charged = Envelope.of(this.order.getId(), null,
				new PaymentCharged(this.order.getId(), UUID.randomUUID(), 2500));
		this.orchestrator.onReply(charged);
		this.orchestrator.onReply(charged);
		Instant deadline = NOW.plus(PROPERTIES.stepTimeout());
		assertThat(this.journal.entries).containsExactly(
				"RECEIVED PaymentCharged " + charged.messageId() + " RESERVING_STOCK " + deadline,
				"SENT ReserveStock " + sentEnvelopes().get(0).messageId() + " RESERVING_STOCK " + deadline,
				"IGNORED PaymentCharged " + charged.messageId() + " RESERVING_STOCK " + deadline);
	}

	@Test
	void journalsAPassedDeadlineWithTheCompensationsItSendsAndAResendAsSuch() {
		Checkout late = waitingIn(Phase.RESERVING_STOCK, NOW);
		Checkout waiting = waitingIn(Phase.RESERVING_STOCK, NOW.plusSeconds(30));
		when(this.checkouts.lockDue(10)).thenReturn(List.of(new Checkouts.Locked(late, NOW)),
				List.of(new Checkouts.Locked(waiting, NOW)));
		this.orchestrator.wakeDue(10);
		this.orchestrator.wakeDue(10);
		List<Envelope<?>> sent = sentEnvelopes();
		assertThat(this.journal.entries).containsExactly("DEADLINE_PASSED null null COMPENSATING null",
				"SENT ReleaseStock " + sent.get(0).messageId() + " COMPENSATING null",
				"SENT RefundPayment " + sent.get(1).messageId() + " COMPENSATING null",
				"RESENT ReserveStock " + sent.get(2).messageId() + " RESERVING_STOCK " + NOW.plusSeconds(30));
	}

	@Test
	void tellsAdmissionControlOfEachCheckoutThatEnds() {
		Checkout charging = waitingIn(Phase.CHARGING_PAYMENT, NOW.plusSeconds(30));
		when(this.checkouts.lockById(this.order.getId())).thenReturn(Optional.of(new Checkouts.Locked(charging, NOW)));
		this.orchestrator.onReply(
				Envelope.of(this.order.getId(), null, new PaymentCharged(this.order.getId(), UUID.randomUUID(), 2500)));
		verify(this.admission, never()).ended();
		this.orchestrator
			.onReply(Envelope.of(this.order.getId(), null, new StockUnavailable(this.order.getId(), List.of("SKU-1"))));
		verify(this.admission, never()).ended();
		this.orchestrator.onReply(Envelope.of(this.order.getId(), null, new PaymentRefunded(this.order.getId(), 2500)));
		assertThat(charging.getPhase()).isEqualTo(Phase.REJECTED);
		verify(this.admission).ended();
	}

	/** What the orchestrator journals, with the saga's state as it was at that moment. */
	static class RecordingJournal extends SagaJournal {

		final List<String> entries = new ArrayList<>();

		RecordingJournal() {
			super(null, null);
		}

		@Override
		void record(UUID orderId, JournalEntry.Kind kind, Envelope<?> message, String topic, Checkout checkout) {
			this.entries.add(kind + " " + ((message != null) ? message.type() + " " + message.messageId() : "null null")
					+ " " + checkout.getPhase() + " " + checkout.getDeadline());
		}

	}

	private Checkout waitingIn(Phase phase, Instant deadline) {
		return new Checkout(this.order.getId(), phase, null, "", "tok_visa", deadline, NOW.minusSeconds(1),
				NOW.minusSeconds(60), NOW.minusSeconds(1), null, false, false, null);
	}

	private List<Command> sentCommands() {
		return sentEnvelopes().stream().map((envelope) -> (Command) envelope.payload()).toList();
	}

	@SuppressWarnings("unchecked")
	private List<Envelope<?>> sentEnvelopes() {
		ArgumentCaptor<Envelope<?>> sent = ArgumentCaptor.forClass(Envelope.class);
		verify(this.outbox, atLeast(0)).send(anyString(), sent.capture());
		return sent.getAllValues();
	}

}
