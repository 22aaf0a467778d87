package dev.sagashop.shipping;

import java.time.LocalDate;
import java.util.UUID;

import dev.sagashop.shipping.shipment.Shipment;
import dev.sagashop.shipping.shipment.Shipments;
import dev.sagashop.testsupport.RealInfrastructure;
import dev.sagashop.testsupport.ServiceInfrastructureContract;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.OptimisticLockingFailureException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@RealInfrastructure
class ShippingServiceIT implements ServiceInfrastructureContract {

	@Override
	public String apiPath() {
		return "/api/shipments?orderId=" + UUID.randomUUID();
	}

	@Autowired
	Shipments shipments;

	@Test
	void storesOneShipmentPerOrder() {
		UUID orderId = UUID.randomUUID();
		LocalDate eta = LocalDate.of(2026, 12, 1);
		this.shipments.save(new Shipment(orderId, "it-alice", "DHL", "DHL-0001", eta));
		assertThat(this.shipments.findByOrderId(orderId)).singleElement().satisfies((shipment) -> {
			assertThat(shipment.getStatus()).isEqualTo(Shipment.Status.SCHEDULED);
			assertThat(shipment.getEstimatedDelivery()).isEqualTo(eta);
		});
		assertThatExceptionOfType(DataIntegrityViolationException.class)
			.isThrownBy(() -> this.shipments.save(new Shipment(orderId, "it-alice", "DHL", "DHL-0002", eta)));
	}

	@Test
	void refusesToWriteAShipmentChangedSinceItWasRead() {
		UUID orderId = UUID.randomUUID();
		this.shipments.save(new Shipment(orderId, "it-alice", "DHL", "DHL-0003", LocalDate.of(2026, 12, 1)));
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

}
