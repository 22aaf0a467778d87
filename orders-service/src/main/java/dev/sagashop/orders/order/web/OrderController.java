package dev.sagashop.orders.order.web;

import java.util.UUID;

import dev.sagashop.orders.order.Orders;

import org.springframework.data.domain.Pageable;
import org.springframework.data.domain.Sort;
import org.springframework.data.web.PageableDefault;
import org.springframework.data.web.PagedModel;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * Reads orders. Placing them, and scoping reads to the caller, arrive with the saga and
 * identity.
 */
@RestController
@RequestMapping("/api/orders")
class OrderController {

	private final Orders orders;

	OrderController(Orders orders) {
		this.orders = orders;
	}

	@GetMapping
	PagedModel<OrderView> list(
			@PageableDefault(size = 20, sort = "createdAt", direction = Sort.Direction.DESC) Pageable pageable) {
		return new PagedModel<>(this.orders.findAll(pageable).map(OrderView::of));
	}

	@GetMapping("/{id}")
	OrderView get(@PathVariable UUID id) {
		return this.orders.findById(id)
			.map(OrderView::of)
			.orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "No order " + id));
	}

}
