package dev.sagashop.orders.checkout;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.persistence.LockModeType;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

/**
 * The sagas' states. Every change happens under a row lock, so two instances never act on
 * the same saga at once.
 */
interface Checkouts extends JpaRepository<Checkout, UUID> {

	@Lock(LockModeType.PESSIMISTIC_WRITE)
	@Query("select c from Checkout c where c.orderId = :orderId")
	Optional<Checkout> lockById(@Param("orderId") UUID orderId);

	/**
	 * Sagas due to wake, by the database's clock, locked; rows another instance holds are
	 * skipped. (A row with a deadline and no wake time was written by a version before
	 * resends, during a rolling deploy.)
	 */
	@Query(value = "SELECT order_id FROM checkout_sagas WHERE wake_at < now() "
			+ "OR (wake_at IS NULL AND deadline < now()) LIMIT :max FOR UPDATE SKIP LOCKED", nativeQuery = true)
	List<UUID> lockDue(@Param("max") int max);

}
