package dev.sagashop.payments.payment;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

/**
 * The ledger of payment transactions.
 */
public interface Payments extends JpaRepository<Payment, UUID> {

	List<Payment> findByOrderIdOrderByCreatedAt(UUID orderId);

	Optional<Payment> findByOrderIdAndType(UUID orderId, Payment.Type type);

	/**
	 * Serializes everything that happens to one order's money until the transaction ends,
	 * even across instances.
	 */
	@Query(value = "SELECT pg_advisory_xact_lock(hashtextextended(CAST(:orderId AS text), 0))", nativeQuery = true)
	void lockOrder(@Param("orderId") UUID orderId);

	@Query(value = "SELECT EXISTS (SELECT 1 FROM refund_tombstones WHERE order_id = :orderId)", nativeQuery = true)
	boolean isTombstoned(@Param("orderId") UUID orderId);

	@Modifying
	@Query(value = "INSERT INTO refund_tombstones (order_id, created_at) VALUES (:orderId, now()) ON CONFLICT DO NOTHING",
			nativeQuery = true)
	void tombstone(@Param("orderId") UUID orderId);

}
