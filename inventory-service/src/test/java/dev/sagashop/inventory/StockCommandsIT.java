package dev.sagashop.inventory;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import dev.sagashop.events.Envelope;
import dev.sagashop.events.ReleaseStock;
import dev.sagashop.events.ReserveStock;
import dev.sagashop.events.StockReleased;
import dev.sagashop.events.StockReserved;
import dev.sagashop.events.StockUnavailable;
import dev.sagashop.events.Topics;
import dev.sagashop.inventory.catalog.Product;
import dev.sagashop.inventory.catalog.Products;
import dev.sagashop.platform.messaging.MessageCodec;
import dev.sagashop.testsupport.RealInfrastructure;
import dev.sagashop.testsupport.SagaMessages;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.MessageListenerContainer;

import static org.assertj.core.api.Assertions.assertThat;

@SpringBootTest
@RealInfrastructure
class StockCommandsIT {

	@Autowired
	Products products;

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

	String product(int available) {
		String sku = "IT-" + UUID.randomUUID().toString().substring(0, 8);
		this.products.save(new Product(sku, "Item", 100, "EUR", available));
		return sku;
	}

	int available(String sku) {
		return this.products.findById(sku).orElseThrow().getAvailable();
	}

	@Test
	void reservesAllLinesOrNone() throws Exception {
		String plenty = product(5);
		String scarce = product(1);
		UUID orderId = UUID.randomUUID();
		this.messages.send(Topics.INVENTORY_COMMANDS, Envelope.of(orderId, null, new ReserveStock(orderId,
				List.of(new ReserveStock.Line(plenty, 2), new ReserveStock.Line(scarce, 2)))));
		assertThat(this.messages.awaitReplies(orderId, 1))
			.containsExactly(new StockUnavailable(orderId, List.of(scarce)));
		assertThat(available(plenty)).isEqualTo(5);
		assertThat(available(scarce)).isEqualTo(1);
	}

	@Test
	void reservesOnceWhenTheSameCommandIsDeliveredTwiceOrSentAgain() throws Exception {
		String sku = product(5);
		UUID orderId = UUID.randomUUID();
		Envelope<ReserveStock> reserve = Envelope.of(orderId, null,
				new ReserveStock(orderId, List.of(new ReserveStock.Line(sku, 2))));
		this.messages.send(Topics.INVENTORY_COMMANDS, reserve);
		this.messages.send(Topics.INVENTORY_COMMANDS, reserve);
		this.messages.send(Topics.INVENTORY_COMMANDS,
				Envelope.of(orderId, null, new ReserveStock(orderId, List.of(new ReserveStock.Line(sku, 2)))));
		assertThat(this.messages.awaitReplies(orderId, 2)).containsExactly(new StockReserved(orderId),
				new StockReserved(orderId));
		assertThat(available(sku)).isEqualTo(3);
	}

	@Test
	void releasesOnceAndRefusesAReservationThatArrivesAfterItsRelease() throws Exception {
		String sku = product(5);
		UUID reserved = UUID.randomUUID();
		this.messages.send(Topics.INVENTORY_COMMANDS,
				Envelope.of(reserved, null, new ReserveStock(reserved, List.of(new ReserveStock.Line(sku, 4)))));
		this.messages.send(Topics.INVENTORY_COMMANDS, Envelope.of(reserved, null, new ReleaseStock(reserved)));
		this.messages.send(Topics.INVENTORY_COMMANDS, Envelope.of(reserved, null, new ReleaseStock(reserved)));
		assertThat(this.messages.awaitReplies(reserved, 3)).containsExactly(new StockReserved(reserved),
				new StockReleased(reserved), new StockReleased(reserved));
		assertThat(available(sku)).isEqualTo(5);

		UUID late = UUID.randomUUID();
		this.messages.send(Topics.INVENTORY_COMMANDS, Envelope.of(late, null, new ReleaseStock(late)));
		this.messages.send(Topics.INVENTORY_COMMANDS,
				Envelope.of(late, null, new ReserveStock(late, List.of(new ReserveStock.Line(sku, 1)))));
		assertThat(this.messages.awaitReplies(late, 2)).containsExactly(new StockReleased(late),
				new StockUnavailable(late, List.of()));
		assertThat(available(sku)).isEqualTo(5);
	}

	/**
	 * Commands that waited while the listeners were stopped are handled a poll per
	 * transaction, with every product the poll's reservations and releases change locked
	 * first: the stock comes out as if each had been handled alone.
	 */
	@Test
	void handlesAPollOfReservationsAndReleasesInOneTransaction(@Autowired KafkaListenerEndpointRegistry listeners,
			@Autowired MeterRegistry meters) throws Exception {
		String first = product(10);
		String second = product(10);
		UUID earlier = UUID.randomUUID();
		this.messages.send(Topics.INVENTORY_COMMANDS, Envelope.of(earlier, null,
				new ReserveStock(earlier, List.of(new ReserveStock.Line(first, 1), new ReserveStock.Line(second, 1)))));
		assertThat(this.messages.awaitReplies(earlier, 1)).containsExactly(new StockReserved(earlier));
		DistributionSummary sizes = meters.get("sagashop.inbox.batch.size").summary();
		long transactionsBefore = sizes.count();
		double recordsBefore = sizes.totalAmount();
		List<UUID> orders = new ArrayList<>();
		listeners.getListenerContainers().forEach(MessageListenerContainer::stop);
		try {
			this.messages.send(Topics.INVENTORY_COMMANDS, Envelope.of(earlier, null, new ReleaseStock(earlier)));
			for (int i = 0; i < 8; i++) {
				UUID orderId = UUID.randomUUID();
				orders.add(orderId);
				// Lines in both orders of the skus, and the last one short.
				List<ReserveStock.Line> lines = (i % 2 == 0)
						? List.of(new ReserveStock.Line(second, 1), new ReserveStock.Line(first, 1))
						: List.of(new ReserveStock.Line(first, 1), new ReserveStock.Line(second, (i == 7) ? 50 : 1));
				this.messages.send(Topics.INVENTORY_COMMANDS,
						Envelope.of(orderId, null, new ReserveStock(orderId, lines)));
			}
		}
		finally {
			listeners.getListenerContainers().forEach(MessageListenerContainer::start);
		}
		assertThat(this.messages.awaitReplies(earlier, 2)).last().isEqualTo(new StockReleased(earlier));
		for (int i = 0; i < orders.size(); i++) {
			UUID orderId = orders.get(i);
			assertThat(this.messages.awaitReplies(orderId, 1)).singleElement()
				.isEqualTo((i == 7) ? new StockUnavailable(orderId, List.of(second)) : new StockReserved(orderId));
		}
		assertThat(available(first)).isEqualTo(3);
		assertThat(available(second)).isEqualTo(3);
		assertThat((sizes.totalAmount() - recordsBefore) / (sizes.count() - transactionsBefore))
			.as("records per transaction")
			.isGreaterThan(1);
	}

}
