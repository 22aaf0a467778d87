package dev.sagashop.inventory.catalog;

import org.springframework.data.jpa.repository.JpaRepository;

/**
 * The catalogue, keyed by sku.
 */
public interface Products extends JpaRepository<Product, String> {

}
