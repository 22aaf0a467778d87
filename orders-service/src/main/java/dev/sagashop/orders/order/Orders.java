package dev.sagashop.orders.order;

import java.util.UUID;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;

/**
 * All orders.
 */
public interface Orders extends JpaRepository<Order, UUID> {

	Page<Order> findByCustomerIdOrderByCreatedAtDesc(String customerId, Pageable pageable);

}
