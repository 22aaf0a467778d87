package dev.sagashop.shipping.shipment;

import java.util.List;
import java.util.UUID;

import org.springframework.data.jpa.repository.JpaRepository;

/**
 * All shipments; at most one per order.
 */
public interface Shipments extends JpaRepository<Shipment, UUID> {

	List<Shipment> findByOrderId(UUID orderId);

}
