package dev.sagashop.orders.order.web;

import java.net.URI;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import dev.sagashop.orders.catalogue.Catalogue;
import dev.sagashop.orders.checkout.CheckoutOrchestrator;
import dev.sagashop.orders.order.Order;
import dev.sagashop.orders.order.OrderLine;
import dev.sagashop.orders.order.Orders;
import dev.sagashop.orders.order.ShippingAddress;
import jakarta.validation.Valid;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.data.domain.Pageable;
import org.springframework.data.domain.Sort;
import org.springframework.data.web.PageableDefault;
import org.springframework.data.web.PagedModel;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
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

	/**
	 * Until tokens are checked (the identity work), every caller is this one customer.
	 */
	static final String ANONYMOUS_CUSTOMER = "anonymous";

	private static final Log logger = LogFactory.getLog(OrderController.class);

	private final Orders orders;

	private final CheckoutOrchestrator checkout;

	private final Catalogue catalogue;

	OrderController(Orders orders, CheckoutOrchestrator checkout, Catalogue catalogue) {
		this.orders = orders;
		this.checkout = checkout;
		this.catalogue = catalogue;
	}

	@PostMapping
	ResponseEntity<OrderView> place(@Valid @RequestBody PlaceOrderRequest request) {
		List<OrderLine> lines = new ArrayList<>();
		Set<String> currencies = new HashSet<>();
		for (PlaceOrderRequest.Line line : request.items()) {
			Catalogue.Price price = this.catalogue.price(line.sku())
				.orElseThrow(() -> unprocessable("Unknown product", "No product with sku " + line.sku()));
			currencies.add(price.currency());
			lines.add(new OrderLine(line.sku(), line.quantity(), price.price()));
		}
		if (currencies.size() > 1) {
			throw unprocessable("Mixed currencies",
					"All products of one order must share a currency, found " + currencies.stream().sorted().toList());
		}
		PlaceOrderRequest.Address address = request.shippingAddress();
		Order order = this.checkout.place(
				Order.place(ANONYMOUS_CUSTOMER, lines, currencies.iterator().next(), new ShippingAddress(address.name(),
						address.line1(), address.city(), address.postalCode(), address.country())),
				request.payment().cardToken());
		return ResponseEntity.accepted().location(URI.create("/api/orders/" + order.getId())).body(OrderView.of(order));
	}

	@GetMapping
	PagedModel<OrderView> list(
			@PageableDefault(size = 20, sort = "createdAt", direction = Sort.Direction.DESC) Pageable pageable) {
		return new PagedModel<>(this.orders.findAll(pageable).map(OrderView::of));
	}

	@ExceptionHandler(Catalogue.CatalogueUnavailableException.class)
	ProblemDetail catalogueUnavailable(Catalogue.CatalogueUnavailableException ex) {
		logger.warn("Cannot price an order: " + ex.getMessage());
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
				"The catalogue cannot be read right now, so the order cannot be priced; try again shortly.");
		problem.setTitle("Catalogue unavailable");
		return problem;
	}

	private static ErrorResponseException unprocessable(String title, String detail) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.UNPROCESSABLE_CONTENT, detail);
		problem.setTitle(title);
		return new ErrorResponseException(HttpStatus.UNPROCESSABLE_CONTENT, problem, null);
	}

	@GetMapping("/{id}")
	OrderView get(@PathVariable UUID id) {
		return this.orders.findById(id)
			.map(OrderView::of)
			.orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "No order " + id));
	}

}
