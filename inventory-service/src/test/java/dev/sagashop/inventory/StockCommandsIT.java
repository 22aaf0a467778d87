package dev.sagashop.inventory;

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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.KafkaTemplate;

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
	void reservesAndReleasesSeveralProductsInOneTransactionEach() throws Exception {
		String mugs = product(5);
		String plates = product(7);
		UUID orderId = UUID.randomUUID();
		this.messages.send(Topics.INVENTORY_COMMANDS, Envelope.of(orderId, null, new ReserveStock(orderId, List
			.of(new ReserveStock.Line(plates, 3), new ReserveStock.Line(mugs, 2), new ReserveStock.Line(mugs, 1)))));
		assertThat(this.messages.awaitReplies(orderId, 1)).containsExactly(new StockReserved(orderId));
		assertThat(available(mugs)).isEqualTo(2);
		assertThat(available(plates)).isEqualTo(4);

		this.messages.send(Topics.INVENTORY_COMMANDS, Envelope.of(orderId, null, new ReleaseStock(orderId)));
		assertThat(this.messages.awaitReplies(orderId, 2)).last().isEqualTo(new StockReleased(orderId));
		assertThat(available(mugs)).isEqualTo(5);
		assertThat(available(plates)).isEqualTo(7);
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

}
