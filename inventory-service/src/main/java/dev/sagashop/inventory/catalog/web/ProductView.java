package dev.sagashop.inventory.catalog.web;

import dev.sagashop.inventory.catalog.Product;

/**
 * A product as the API shows it.
 */
record ProductView(String sku, String name, long price, String currency, int available) {

	static ProductView of(Product product) {
		return new ProductView(product.getSku(), product.getName(), product.getPrice(), product.getCurrency(),
				product.getAvailable());
	}

}
