package dev.sagashop.inventory.catalog;

import java.util.Collection;
import java.util.List;

import jakarta.persistence.LockModeType;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

/**
 * The catalogue, keyed by sku.
 */
public interface Products extends JpaRepository<Product, String> {

	/**
	 * Locks the products for the rest of the transaction, always in sku order so that two
	 * reservations never wait on each other in a circle.
	 * @param skus the products
	 * @return those that exist, in sku order
	 */
	@Lock(LockModeType.PESSIMISTIC_WRITE)
	@Query("select p from Product p where p.sku in :skus order by p.sku")
	List<Product> lockAll(@Param("skus") Collection<String> skus);

}
