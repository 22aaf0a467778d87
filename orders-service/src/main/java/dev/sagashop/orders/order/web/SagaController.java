package dev.sagashop.orders.order.web;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import dev.sagashop.orders.checkout.SagaOverview;
import dev.sagashop.orders.order.FailureReason;
import dev.sagashop.orders.order.OrderStatus;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.data.domain.Pageable;
import org.springframework.data.web.PageableDefault;
import org.springframework.data.web.PagedModel;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/sagas}: every order's saga, for admins (the saga console's overview).
 */
@RestController
@Tag(name = "sagas", description = "Every order's saga at a glance, for admins")
@RequestMapping("/api/sagas")
class SagaController {

	private final SagaOverview overview;

	SagaController(SagaOverview overview) {
		this.overview = overview;
	}

	@Operation(operationId = "listSagas", summary = "List every order with its saga (admins)",
			description = "Newest first, 20 a page (at most 100), with how many orders of each status the other "
					+ "filters keep. A running saga (PENDING or CANCELLING) shows its phase, how long it has run "
					+ "and whether its step's deadline has passed, by the database's clock. Needs the admin scope.")
	@Parameter(in = ParameterIn.QUERY, name = "page", description = "Zero-based page index",
			schema = @Schema(type = "integer", minimum = "0", defaultValue = "0"))
	@Parameter(in = ParameterIn.QUERY, name = "size", description = "Orders a page",
			schema = @Schema(type = "integer", minimum = "1", maximum = "100", defaultValue = "20"))
	@GetMapping
	SagasView list(
			@Parameter(description = "Only orders in this status") @RequestParam(required = false) OrderStatus status,
			@Parameter(description = "Only orders rejected for this reason") @RequestParam(
					required = false) FailureReason failureReason,
			@Parameter(description = "Only this customer's orders") @RequestParam(required = false) String customerId,
			@Parameter(description = "Only orders placed at or after this instant (ISO 8601)") @RequestParam(
					required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant placedAfter,
			@Parameter(description = "Only orders placed before this instant (ISO 8601)") @RequestParam(
					required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant placedBefore,
			@Parameter(description = "Only orders whose saga runs (PENDING or CANCELLING)") @RequestParam(
					defaultValue = "false") boolean running,
			@Parameter(description = "Only running sagas whose step's deadline has passed") @RequestParam(
					defaultValue = "false") boolean overdue,
			@Parameter(hidden = true) @PageableDefault(size = 20) Pageable pageable) {
		SagaOverview.Found found = this.overview.find(
				new SagaOverview.Filter(status, failureReason, customerId, placedAfter, placedBefore, running, overdue),
				pageable.getPageSize(), pageable.getOffset());
		long pages = (found.total() + pageable.getPageSize() - 1) / pageable.getPageSize();
		return new SagasView(found.sagas(),
				new PagedModel.PageMetadata(pageable.getPageSize(), pageable.getPageNumber(), found.total(), pages),
				found.counts());
	}

	/**
	 * A page of sagas, as {@code GET /api/sagas} answers it.
	 *
	 * @param content the page
	 * @param page where it is among all
	 * @param counts how many orders of each status the filters (the status aside) keep
	 */
	@Schema(name = "Sagas", description = "A page of orders with their sagas, and counts by status")
	record SagasView(@Schema(description = "The page, newest first") List<SagaOverview.Saga> content,
			@Schema(description = "Where the page is among all") PagedModel.PageMetadata page,
			@Schema(description = "Orders of each status that the other filters keep") Map<OrderStatus, Long> counts) {

	}

}
