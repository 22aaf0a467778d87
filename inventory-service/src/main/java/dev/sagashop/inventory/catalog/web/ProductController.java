package dev.sagashop.inventory.catalog.web;

import dev.sagashop.inventory.catalog.Products;

import org.springframework.data.domain.Pageable;
import org.springframework.data.domain.Sort;
import org.springframework.data.web.PagedModel;
import org.springframework.data.web.PageableDefault;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * Reads the catalogue.
 */
@RestController
@RequestMapping("/api/products")
class ProductController {

	private final Products products;

	ProductController(Products products) {
		this.products = products;
	}

	@GetMapping
	PagedModel<ProductView> list(
			@PageableDefault(size = 20, sort = "sku", direction = Sort.Direction.ASC) Pageable pageable) {
		return new PagedModel<>(this.products.findAll(pageable).map(ProductView::of));
	}

	@GetMapping("/{sku}")
	ProductView get(@PathVariable String sku) {
		return this.products.findById(sku)
			.map(ProductView::of)
			.orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "No product with sku " + sku));
	}

}
