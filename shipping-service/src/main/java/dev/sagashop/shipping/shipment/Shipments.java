package dev.sagashop.shipping.shipment;

import java.util.List;
import java.util.UUID;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

/**
 * All shipments; at most one per order.
 */
public interface Shipments extends JpaRepository<Shipment, UUID> {

	List<Shipment> findByOrderId(UUID orderId);

	/**
	 * Serializes everything that happens to one order's shipment until the transaction
	 * ends.
	 */
	@Query(value = "SELECT pg_advisory_xact_lock(hashtextextended(CAST(:orderId AS text), 0))", nativeQuery = true)
	void lockOrder(@Param("orderId") UUID orderId);

	@Query(value = "SELECT EXISTS (SELECT 1 FROM shipment_tombstones WHERE order_id = :orderId)", nativeQuery = true)
	boolean isTombstoned(@Param("orderId") UUID orderId);

	@Modifying
	@Query(value = "INSERT INTO shipment_tombstones (order_id, created_at) VALUES (:orderId, now()) "
			+ "ON CONFLICT DO NOTHING", nativeQuery = true)
	void tombstone(@Param("orderId") UUID orderId);

}
