package dev.sagashop.inventory.catalog.web;

import java.net.URI;
import java.util.List;

import dev.sagashop.inventory.catalog.Product;
import dev.sagashop.inventory.catalog.Products;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.domain.Pageable;
import org.springframework.data.domain.Sort;
import org.springframework.data.web.PageableDefault;
import org.springframework.data.web.PagedModel;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * The catalogue and its stock figures.
 */
@RestController
@Tag(name = "products", description = "The catalogue: products, their prices and the stock available")
@RequestMapping("/api/products")
class ProductController {

	private final Products products;

	ProductController(Products products) {
		this.products = products;
	}

	@Operation(operationId = "listProducts", summary = "List the catalogue",
			description = "20 a page (at most 100), by sku unless sort names sku, name, price, currency or available.")
	@GetMapping
	@Parameter(in = ParameterIn.QUERY, name = "page", description = "Zero-based page index",
			schema = @Schema(type = "integer", minimum = "0", defaultValue = "0"))
	@Parameter(in = ParameterIn.QUERY, name = "size", description = "Products a page",
			schema = @Schema(type = "integer", minimum = "1", maximum = "100", defaultValue = "20"))
	@Parameter(in = ParameterIn.QUERY, name = "sort", description = "property[,asc|desc], repeatable",
			array = @ArraySchema(schema = @Schema(type = "string",
					pattern = "^(sku|name|price|currency|available)(,(asc|desc|ASC|DESC))?$")))
	PagedModel<ProductView> list(@Parameter(hidden = true) @PageableDefault(size = 20, sort = "sku",
			direction = Sort.Direction.ASC) Pageable pageable) {
		try {
			return new PagedModel<>(this.products.findAll(pageable).map(ProductView::of));
		}
		catch (IllegalArgumentException ex) {
			throw new ResponseStatusException(HttpStatus.BAD_REQUEST, ex.getMessage());
		}
	}

	@Operation(operationId = "createProduct", summary = "Add a product",
			description = "Scope admin. Location names the new product.")
	@ApiResponse(responseCode = "201", description = "The product",
			headers = @Header(name = "Location", description = "/api/products/{sku}",
					schema = @Schema(type = "string")))
	@ApiResponse(responseCode = "409", description = "A product with this sku exists",
			content = @Content(mediaType = "application/problem+json",
					schema = @Schema(ref = "#/components/schemas/Problem")))
	@PostMapping
	ResponseEntity<ProductView> create(@Valid @RequestBody ProductRequests.Create request) {
		if (this.products.existsById(request.sku())) {
			throw new ResponseStatusException(HttpStatus.CONFLICT, "A product with sku " + request.sku() + " exists");
		}
		Product product;
		try {
			product = this.products.save(new Product(request.sku(), request.name(), request.price(), request.currency(),
					request.available()));
		}
		catch (DuplicateKeyException ex) {
			throw new ResponseStatusException(HttpStatus.CONFLICT, "A product with sku " + request.sku() + " exists");
		}
		return ResponseEntity.created(URI.create("/api/products/" + product.getSku())).body(ProductView.of(product));
	}

	@Operation(operationId = "setStock", summary = "Set a product's available stock", description = "Scope admin.")
	@PutMapping("/{sku}/stock")
	@Transactional
	ProductView restock(@Parameter(description = "The product's sku") @PathVariable String sku,
			@Valid @RequestBody ProductRequests.Stock request) {
		Product product = this.products.lockAll(List.of(sku))
			.stream()
			.findFirst()
			.orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "No product with sku " + sku));
		product.restock(request.available());
		this.products.updateAvailable(List.of(product));
		return ProductView.of(product);
	}

	@Operation(operationId = "getProduct", summary = "Read a product",
			description = "With its price and the units available.")
	@GetMapping("/{sku}")
	ProductView get(@Parameter(description = "The product's sku") @PathVariable String sku) {
		return this.products.findById(sku)
			.map(ProductView::of)
			.orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "No product with sku " + sku));
	}

}
