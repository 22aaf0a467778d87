package dev.sagashop.shipping;

import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

import dev.sagashop.events.CancelShipment;
import dev.sagashop.events.Envelope;
import dev.sagashop.events.Reply;
import dev.sagashop.events.ScheduleShipment;
import dev.sagashop.events.ShipmentDispatched;
import dev.sagashop.events.ShipmentCancelled;
import dev.sagashop.events.ShipmentRefused;
import dev.sagashop.events.ShipmentScheduled;
import dev.sagashop.events.Topics;
import dev.sagashop.platform.messaging.MessageCodec;
import dev.sagashop.shipping.shipment.Dispatcher;
import dev.sagashop.shipping.shipment.Shipment;
import dev.sagashop.shipping.shipment.Shipments;
import dev.sagashop.testsupport.RealInfrastructure;
import dev.sagashop.testsupport.SagaMessages;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;

@SpringBootTest
@RealInfrastructure
class ShipmentCommandsIT {

	static final LocalDate ETA = LocalDate.of(2026, 12, 1);

	static final ScheduleShipment.Address BERLIN = new ScheduleShipment.Address("Ada", "1 Main St", "Berlin", "10115",
			"DE");

	@Autowired
	Shipments shipments;

	@Autowired
	TransactionTemplate transactions;

	SagaMessages messages;

	@BeforeEach
	void connect(@Autowired KafkaTemplate<String, String> kafka, @Autowired ConsumerFactory<String, String> consumers,
			@Autowired MessageCodec codec) {
		this.messages = new SagaMessages(kafka, consumers, codec);
	}

	@AfterEach
	void disconnect() {
		this.messages.close();
	}

	@Test
	void schedulesOnceAndAnswersARepeatTheSame() throws Exception {
		UUID orderId = UUID.randomUUID();
		Envelope<ScheduleShipment> schedule = Envelope.of(orderId, null,
				new ScheduleShipment(orderId, "alice", BERLIN));
		this.messages.send(Topics.SHIPPING_COMMANDS, schedule);
		this.messages.send(Topics.SHIPPING_COMMANDS, schedule);
		this.messages.send(Topics.SHIPPING_COMMANDS,
				Envelope.of(orderId, null, new ScheduleShipment(orderId, "alice", BERLIN)));
		var replies = this.messages.awaitReplies(orderId, 2);
		assertThat(replies).hasSize(2).allSatisfy((reply) -> assertThat(reply).isInstanceOf(ShipmentScheduled.class));
		assertThat(replies.get(0)).isEqualTo(replies.get(1));
		assertThat(this.shipments.findByOrderId(orderId)).singleElement()
			.satisfies((shipment) -> assertThat(shipment.getStatus()).isEqualTo(Shipment.Status.SCHEDULED));
	}

	@Test
	void neverDeliversToAntarctica() throws Exception {
		UUID orderId = UUID.randomUUID();
		this.messages.send(Topics.SHIPPING_COMMANDS, Envelope.of(orderId, null, new ScheduleShipment(orderId, "alice",
				new ScheduleShipment.Address("Ada", "Base 1", "McMurdo", "0000", "AQ"))));
		assertThat(this.messages.awaitReplies(orderId, 1)).singleElement().isInstanceOf(ShipmentRefused.class);
		assertThat(this.shipments.findByOrderId(orderId)).isEmpty();
	}

	@Test
	void cancelsAndRefusesASchedulingThatArrivesAfterItsCancellation() throws Exception {
		UUID orderId = UUID.randomUUID();
		this.messages.send(Topics.SHIPPING_COMMANDS, Envelope.of(orderId, null, new CancelShipment(orderId)));
		this.messages.send(Topics.SHIPPING_COMMANDS,
				Envelope.of(orderId, null, new ScheduleShipment(orderId, "alice", BERLIN)));
		var replies = this.messages.awaitReplies(orderId, 2);
		assertThat(replies.get(0)).isEqualTo(new ShipmentCancelled(orderId));
		assertThat(replies.get(1)).isInstanceOf(ShipmentRefused.class);
		assertThat(this.shipments.findByOrderId(orderId)).isEmpty();

		UUID scheduled = UUID.randomUUID();
		this.messages.send(Topics.SHIPPING_COMMANDS,
				Envelope.of(scheduled, null, new ScheduleShipment(scheduled, "alice", BERLIN)));
		this.messages.send(Topics.SHIPPING_COMMANDS, Envelope.of(scheduled, null, new CancelShipment(scheduled)));
		assertThat(this.messages.awaitReplies(scheduled, 2)).last().isEqualTo((Reply) new ShipmentCancelled(scheduled));
		assertThat(this.shipments.findByOrderId(scheduled)).singleElement()
			.satisfies((shipment) -> assertThat(shipment.getStatus()).isEqualTo(Shipment.Status.CANCELLED));
	}

	@Test
	void theCarrierCollectsAShipmentAtItsCollectionTimeAndTellsTheSaga() {
		UUID due = UUID.randomUUID();
		UUID later = UUID.randomUUID();
		Instant now = Instant.now();
		saved(new Shipment(due, "alice", "DHL", "DHL-0004", ETA, now, now.minusSeconds(1)));
		saved(new Shipment(later, "alice", "DHL", "DHL-0005", ETA, now, now.plusSeconds(300)));
		assertThat(this.messages.awaitReplies(due, 1)).singleElement()
			.isInstanceOfSatisfying(ShipmentDispatched.class, (dispatched) -> assertThat(dispatched.dispatchedAt())
				.isEqualTo(this.shipments.findByOrderId(due).get(0).getDispatchedAt()));
		assertThat(this.shipments.findByOrderId(due)).singleElement()
			.extracting(Shipment::getStatus)
			.isEqualTo(Shipment.Status.DISPATCHED);
		assertThat(this.shipments.findByOrderId(later)).singleElement()
			.extracting(Shipment::getStatus)
			.isEqualTo(Shipment.Status.SCHEDULED);
	}

	@Test
	void refusesToCancelAShipmentTheCarrierCollected(@Autowired Dispatcher dispatcher) throws Exception {
		UUID orderId = UUID.randomUUID();
		Envelope<ScheduleShipment> schedule = Envelope.of(orderId, null,
				new ScheduleShipment(orderId, "alice", BERLIN));
		this.messages.send(Topics.SHIPPING_COMMANDS, schedule);
		ShipmentScheduled scheduled = (ShipmentScheduled) this.messages.awaitReplies(orderId, 1).get(0);
		dispatcher.dispatch(scheduled.shipmentId());
		Shipment dispatched = this.shipments.findByOrderId(orderId).get(0);

		this.messages.send(Topics.SHIPPING_COMMANDS, Envelope.of(orderId, null, new CancelShipment(orderId)));
		this.messages.send(Topics.SHIPPING_COMMANDS, Envelope.of(orderId, null, new CancelShipment(orderId)));
		this.messages.send(Topics.SHIPPING_COMMANDS,
				Envelope.of(orderId, null, new ScheduleShipment(orderId, "alice", BERLIN)));
		// The dispatch is announced, then each cancellation is answered the same way.
		var replies = this.messages.awaitReplies(orderId, 5);
		ShipmentDispatched refusal = new ShipmentDispatched(orderId, scheduled.shipmentId(),
				dispatched.getDispatchedAt());
		assertThat(replies.subList(1, 5)).containsExactly(refusal, refusal, refusal, scheduled);
		assertThat(this.shipments.findByOrderId(orderId)).singleElement()
			.satisfies((shipment) -> assertThat(shipment.getStatus()).isEqualTo(Shipment.Status.DISPATCHED));
	}

	/** Saves as a command's transaction does: the row is written when it commits. */
	private Shipment saved(Shipment shipment) {
		return this.transactions.execute((status) -> this.shipments.save(shipment));
	}

}
