package dev.sagashop.inventory.stock;

import java.util.UUID;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

/**
 * Reservations by order.
 */
public interface StockReservations extends JpaRepository<StockReservation, UUID> {

	/**
	 * Serializes everything that happens to one order's reservation until the transaction
	 * ends.
	 */
	@Query(value = "SELECT pg_advisory_xact_lock(hashtextextended(CAST(:orderId AS text), 0))", nativeQuery = true)
	void lockOrder(@Param("orderId") UUID orderId);

}
