package dev.sagashop.orders.order.web;

import java.util.UUID;

import dev.sagashop.orders.catalogue.Catalogue;
import dev.sagashop.orders.checkout.CancellationRefused;
import dev.sagashop.orders.order.OrderView;
import dev.sagashop.orders.order.Orders;
import dev.sagashop.platform.web.Caller;
import jakarta.validation.Valid;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.data.domain.Pageable;
import org.springframework.data.web.PageableDefault;
import org.springframework.data.web.PagedModel;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * Places orders for the caller (the token's subject) and reads them; a customer sees only
 * its own orders.
 */
@RestController
@RequestMapping("/api/orders")
class OrderController {

	private static final Log logger = LogFactory.getLog(OrderController.class);

	private final Orders orders;

	private final OrderPlacement placement;

	private final OrderCancellation cancellation;

	OrderController(Orders orders, OrderPlacement placement, OrderCancellation cancellation) {
		this.orders = orders;
		this.placement = placement;
		this.cancellation = cancellation;
	}

	@PostMapping
	ResponseEntity<String> place(@Valid @RequestBody PlaceOrderRequest request, Caller caller,
			@AuthenticationPrincipal Jwt token, @RequestHeader(name = "Idempotency-Key", required = false) String key,
			@RequestHeader(name = "Prefer", required = false) String prefer) {
		return this.placement.place(request, caller, token.getTokenValue(), key, prefer);
	}

	/**
	 * Cancels an order (its owner, or an admin; anyone else: 404). The body, if any, is
	 * ignored ({@code {}}).
	 */
	@PostMapping("/{id}/cancel")
	ResponseEntity<String> cancel(@PathVariable UUID id, Caller caller,
			@RequestHeader(name = "Idempotency-Key", required = false) String key,
			@RequestHeader(name = "Prefer", required = false) String prefer) {
		return this.cancellation.cancel(id, caller, key, prefer);
	}

	@ExceptionHandler(CancellationRefused.class)
	ProblemDetail cancellationRefused(CancellationRefused ex) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, ex.getMessage());
		problem.setTitle(ex.getTitle());
		return problem;
	}

	/** The caller's own orders, newest first. */
	@GetMapping
	PagedModel<OrderView> list(@PageableDefault(size = 20) Pageable pageable, Caller caller) {
		return new PagedModel<>(
				this.orders.findByCustomerIdOrderByCreatedAtDesc(caller.customerId(), pageable).map(OrderView::of));
	}

	@ExceptionHandler(Catalogue.CatalogueUnavailableException.class)
	ProblemDetail catalogueUnavailable(Catalogue.CatalogueUnavailableException ex) {
		logger.warn("Cannot price an order: " + ex.getMessage());
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
				"The catalogue cannot be read right now, so the order cannot be priced; try again shortly.");
		problem.setTitle("Catalogue unavailable");
		return problem;
	}

	/** Another customer's order is "not found" unless the caller is an admin. */
	@GetMapping("/{id}")
	OrderView get(@PathVariable UUID id, Caller caller) {
		return this.orders.findById(id)
			.filter((order) -> caller.maySee(order.getCustomerId()))
			.map(OrderView::of)
			.orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "No order " + id));
	}

}
