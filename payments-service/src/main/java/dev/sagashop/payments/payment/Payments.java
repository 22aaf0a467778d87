package dev.sagashop.payments.payment;

import java.util.List;
import java.util.UUID;

import org.springframework.data.jpa.repository.JpaRepository;

/**
 * The ledger of payment transactions.
 */
public interface Payments extends JpaRepository<Payment, UUID> {

	List<Payment> findByOrderIdOrderByCreatedAt(UUID orderId);

}
