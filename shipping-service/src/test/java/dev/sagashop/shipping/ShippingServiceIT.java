package dev.sagashop.shipping;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Optional;
import java.util.UUID;

import dev.sagashop.shipping.shipment.Shipment;
import dev.sagashop.shipping.shipment.Shipments;
import dev.sagashop.testsupport.RealInfrastructure;
import dev.sagashop.testsupport.ServiceInfrastructureContract;
import dev.sagashop.testsupport.TestTokens;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@RealInfrastructure
class ShippingServiceIT implements ServiceInfrastructureContract {

	static final LocalDate ETA = LocalDate.of(2026, 12, 1);

	@Override
	public String apiPath() {
		return "/api/shipments?orderId=" + UUID.randomUUID();
	}

	@Autowired
	Shipments shipments;

	@Autowired
	TransactionTemplate transactions;

	@Test
	void storesOneShipmentPerOrder() {
		UUID orderId = UUID.randomUUID();
		saved(shipment(orderId, "DHL-0001", Duration.ofMinutes(5)));
		assertThat(this.shipments.findByOrderId(orderId)).singleElement().satisfies((shipment) -> {
			assertThat(shipment.getStatus()).isEqualTo(Shipment.Status.SCHEDULED);
			assertThat(shipment.getEstimatedDelivery()).isEqualTo(ETA);
			assertThat(shipment.getDispatchedAt()).isNull();
		});
		assertThatExceptionOfType(DataIntegrityViolationException.class)
			.isThrownBy(() -> saved(shipment(orderId, "DHL-0002", Duration.ofMinutes(5))));
	}

	@Test
	void readsAnOrdersShipmentWithItsTombstoneInOneStatement() {
		UUID scheduled = UUID.randomUUID();
		UUID cancelledFirst = UUID.randomUUID();
		assertThat(this.shipments.forOrder(scheduled)).isEqualTo(new Shipments.ForOrder(Optional.empty(), false));

		Shipment shipment = saved(shipment(scheduled, "DHL-0008", Duration.ofMinutes(5)));
		assertThat(this.shipments.forOrder(scheduled)).satisfies((known) -> {
			assertThat(known.shipment()).get().extracting(Shipment::getId).isEqualTo(shipment.getId());
			assertThat(known.tombstoned()).isFalse();
		});

		this.transactions.executeWithoutResult((status) -> this.shipments.tombstone(cancelledFirst));
		assertThat(this.shipments.forOrder(cancelledFirst)).isEqualTo(new Shipments.ForOrder(Optional.empty(), true));
	}

	@Test
	void refusesToWriteAShipmentChangedSinceItWasRead() {
		UUID orderId = UUID.randomUUID();
		saved(shipment(orderId, "DHL-0003", Duration.ofMinutes(5)));
		Shipment first = this.shipments.findByOrderId(orderId).get(0);
		Shipment stale = this.shipments.findByOrderId(orderId).get(0);

		first.cancel();
		this.shipments.updateStatus(first);
		stale.cancel();
		assertThatExceptionOfType(OptimisticLockingFailureException.class)
			.isThrownBy(() -> this.shipments.updateStatus(stale));
		assertThat(this.shipments.findByOrderId(orderId)).singleElement()
			.extracting(Shipment::getStatus)
			.isEqualTo(Shipment.Status.CANCELLED);
	}

	@Test
	void anAdminDispatchesAScheduledShipmentButNotACancelledOne(@LocalServerPort int port) throws Exception {
		String admin = TestTokens.get().valid("it-ops", "orders", "admin");
		Shipment scheduled = saved(shipment(UUID.randomUUID(), "DHL-0006", Duration.ofMinutes(5)));
		Shipment cancelled = saved(shipment(UUID.randomUUID(), "DHL-0007", Duration.ofMinutes(5)));
		cancelled.cancel();
		this.shipments.updateStatus(cancelled);

		HttpResponse<String> customer = dispatch(port, scheduled.getId(), TestTokens.get().valid("it-alice", "orders"));
		assertThat(customer.statusCode()).isEqualTo(403);
		assertThat(this.shipments.findByOrderId(scheduled.getOrderId()).get(0).getStatus())
			.isEqualTo(Shipment.Status.SCHEDULED);

		HttpResponse<String> dispatched = dispatch(port, scheduled.getId(), admin);
		assertThat(dispatched.statusCode()).isEqualTo(200);
		assertThat(dispatched.body()).contains("\"status\":\"DISPATCHED\"").contains("\"dispatchedAt\":\"");
		assertThat(dispatch(port, scheduled.getId(), admin).statusCode()).isEqualTo(200);

		HttpResponse<String> refused = dispatch(port, cancelled.getId(), admin);
		assertThat(refused.statusCode()).isEqualTo(409);
		assertThat(refused.headers().firstValue("Content-Type"))
			.hasValueSatisfying((type) -> assertThat(type).startsWith("application/problem+json"));
		assertThat(dispatch(port, UUID.randomUUID(), admin).statusCode()).isEqualTo(404);
	}

	private static Shipment shipment(UUID orderId, String tracking, Duration collectedIn) {
		Instant now = Instant.now();
		return new Shipment(orderId, "it-alice", "DHL", tracking, ETA, now, now.plus(collectedIn));
	}

	private static HttpResponse<String> dispatch(int port, UUID id, String token) throws Exception {
		return HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/shipments/" + id + "/dispatch"))
				.header("Authorization", "Bearer " + token)
				.POST(HttpRequest.BodyPublishers.noBody())
				.build(), HttpResponse.BodyHandlers.ofString());
	}

	/** Saves as a command's transaction does: the row is written when it commits. */
	private Shipment saved(Shipment shipment) {
		return this.transactions.execute((status) -> this.shipments.save(shipment));
	}

}
