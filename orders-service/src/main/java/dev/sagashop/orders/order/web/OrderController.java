package dev.sagashop.orders.order.web;

import java.util.UUID;

import dev.sagashop.orders.catalogue.Catalogue;
import dev.sagashop.orders.checkout.CancellationRefused;
import dev.sagashop.orders.checkout.SagaJournal;
import dev.sagashop.orders.order.Order;
import dev.sagashop.orders.order.OrderView;
import dev.sagashop.orders.order.Orders;
import dev.sagashop.platform.web.Caller;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
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
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * Places orders for the caller (the token's subject) and reads them; a customer sees only
 * its own orders.
 */
@RestController
@Tag(name = "orders", description = "Place, read and cancel orders; each checkout is a saga over the other services")
@RequestMapping("/api/orders")
class OrderController {

	private static final String PROBLEM = "#/components/schemas/Problem";

	private static final Log logger = LogFactory.getLog(OrderController.class);

	private final Orders orders;

	private final OrderPlacement placement;

	private final OrderCancellation cancellation;

	private final SagaJournal journal;

	OrderController(Orders orders, OrderPlacement placement, OrderCancellation cancellation, SagaJournal journal) {
		this.journal = journal;
		this.orders = orders;
		this.placement = placement;
		this.cancellation = cancellation;
	}

	@Operation(operationId = "placeOrder", summary = "Place an order",
			description = "Prices the order from the catalogue and starts its checkout saga (charge, reserve, "
					+ "schedule). The answer is 201 with the order when it is already final, else 202 with the "
					+ "PENDING order; Location names it either way.")
	@ApiResponse(responseCode = "201", description = "The order, final (with Prefer: wait)",
			headers = { @Header(name = "Location", description = "/api/orders/{id}", schema = @Schema(type = "string")),
					@Header(name = "Preference-Applied", description = "wait=N, when Prefer: wait was honoured",
							schema = @Schema(type = "string")),
					@Header(name = "Idempotent-Replayed",
							description = "true when this is the answer to an earlier request "
									+ "with the same Idempotency-Key",
							schema = @Schema(type = "string")) },
			content = @Content(mediaType = "application/json", schema = @Schema(implementation = OrderView.class)))
	@ApiResponse(responseCode = "202", description = "The order, PENDING: its saga runs",
			headers = { @Header(name = "Location", description = "/api/orders/{id}", schema = @Schema(type = "string")),
					@Header(name = "Preference-Applied", description = "wait=N, when Prefer: wait was honoured",
							schema = @Schema(type = "string")),
					@Header(name = "Idempotent-Replayed",
							description = "true when this is the answer to an earlier request "
									+ "with the same Idempotency-Key",
							schema = @Schema(type = "string")) },
			content = @Content(mediaType = "application/json", schema = @Schema(implementation = OrderView.class)))
	@ApiResponse(responseCode = "409", description = "A request with this Idempotency-Key is still being answered",
			content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = PROBLEM)))
	@ApiResponse(responseCode = "422",
			description = "An unknown product, mixed currencies, or an Idempotency-Key used for another request",
			content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = PROBLEM)))
	@ApiResponse(responseCode = "503",
			description = "The checkout cannot keep up, or the catalogue or the database cannot be read: nothing "
					+ "was created; send the same request again after Retry-After",
			headers = @Header(name = "Retry-After", description = "seconds", schema = @Schema(type = "integer")),
			content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = PROBLEM)))
	@PostMapping
	ResponseEntity<String> place(@Valid @RequestBody PlaceOrderRequest request, Caller caller,
			@Parameter(hidden = true) @AuthenticationPrincipal Jwt token,
			@Parameter(
					description = "1 to 255 characters: the same key from the same customer returns the same "
							+ "answer and creates nothing new",
					schema = @Schema(minLength = 1, maxLength = 255)) @RequestHeader(name = "Idempotency-Key",
							required = false) String key,
			@Parameter(description = "wait=N: hold the answer until the order is final or N seconds (at most 30) "
					+ "passed") @RequestHeader(name = "Prefer", required = false) String prefer) {
		return this.placement.place(request, caller, token.getTokenValue(), key, prefer);
	}

	/**
	 * Cancels an order (its owner, or an admin; anyone else: 404). The body, if any, is
	 * ignored ({@code {}}).
	 */
	@Operation(operationId = "cancelOrder", summary = "Cancel an order",
			description = "A PENDING order's checkout stops and undoes what it did; a CONFIRMED order's shipment "
					+ "is cancelled, its stock released and its charge refunded. The answer is 202 with the "
					+ "CANCELLING order, or 200 once it is final (CANCELLED, or CONFIRMED when the parcel left "
					+ "meanwhile). Asking again changes nothing.")
	@ApiResponse(responseCode = "200", description = "The order, final",
			headers = @Header(name = "Location", description = "/api/orders/{id}", schema = @Schema(type = "string")),
			content = @Content(mediaType = "application/json", schema = @Schema(implementation = OrderView.class)))
	@ApiResponse(responseCode = "202", description = "The order, CANCELLING",
			headers = @Header(name = "Location", description = "/api/orders/{id}", schema = @Schema(type = "string")),
			content = @Content(mediaType = "application/json", schema = @Schema(implementation = OrderView.class)))
	@ApiResponse(responseCode = "409",
			description = "The order cannot be cancelled: REJECTED, or its parcel already left (title \"Already "
					+ "dispatched\"); or a request with this Idempotency-Key is still being answered",
			content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = PROBLEM)))
	@ApiResponse(responseCode = "422", description = "An Idempotency-Key used for another request",
			content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = PROBLEM)))
	@PostMapping("/{id}/cancel")
	ResponseEntity<String> cancel(@Parameter(description = "The order's id") @PathVariable UUID id, Caller caller,
			@Parameter(description = "as when placing an order",
					schema = @Schema(minLength = 1, maxLength = 255)) @RequestHeader(name = "Idempotency-Key",
							required = false) String key,
			@Parameter(description = "wait=N: hold the answer until the order is final or N seconds (at most 30) "
					+ "passed") @RequestHeader(name = "Prefer", required = false) String prefer) {
		return this.cancellation.cancel(id, caller, key, prefer);
	}

	@ExceptionHandler(CancellationRefused.class)
	ProblemDetail cancellationRefused(CancellationRefused ex) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, ex.getMessage());
		problem.setTitle(ex.getTitle());
		return problem;
	}

	/** The caller's own orders, newest first. */
	@Operation(operationId = "listOrders", summary = "List the caller's orders",
			description = "Newest first (no sort), 20 a page (at most 100).")
	@GetMapping
	@Parameter(in = ParameterIn.QUERY, name = "page", description = "Zero-based page index",
			schema = @Schema(type = "integer", minimum = "0", defaultValue = "0"))
	@Parameter(in = ParameterIn.QUERY, name = "size", description = "Orders a page",
			schema = @Schema(type = "integer", minimum = "1", maximum = "100", defaultValue = "20"))
	PagedModel<OrderView> list(@Parameter(hidden = true) @PageableDefault(size = 20) Pageable pageable, Caller caller) {
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
	@Operation(operationId = "getOrder", summary = "Read an order",
			description = "With its lines, status and history. Another customer's "
					+ "order is not found, unless the caller is an admin.")
	@GetMapping("/{id}")
	OrderView get(@Parameter(description = "The order's id") @PathVariable UUID id, Caller caller) {
		return OrderView.of(visible(id, caller));
	}

	/** The saga's journal of an order its owner or an admin may read. */
	@Operation(operationId = "getOrderJournal", summary = "Read an order's saga journal",
			description = "Every command its saga sent (and sent again), every reply it received or ignored, "
					+ "passed deadlines and cancellation requests, oldest first, each with the saga's phase and "
					+ "deadline afterwards. Orders placed before the journal existed have an empty one. Another "
					+ "customer's order is not found, unless the caller is an admin.")
	@GetMapping("/{id}/journal")
	JournalView journal(@Parameter(description = "The order's id") @PathVariable UUID id, Caller caller) {
		return new JournalView(visible(id, caller).getId(), this.journal.traceId(id), this.journal.of(id));
	}

	private Order visible(UUID id, Caller caller) {
		return this.orders.findById(id)
			.filter((order) -> caller.maySee(order.getCustomerId()))
			.orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "No order " + id));
	}

}
