package dev.sagashop.console;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.JsonNode;

import org.springframework.http.HttpStatus;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.annotation.RegisteredOAuth2AuthorizedClient;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * Every order's saga, for admins: filtered by status, failure reason, customer and time,
 * counted by status, the running ones with their step and age, the stuck ones (past their
 * step's deadline) marked; the page reloads itself while any saga on it runs.
 */
@Controller
class SagasController {

	static final List<String> STATUSES = List.of("PENDING", "CONFIRMED", "REJECTED", "CANCELLING", "CANCELLED");

	static final List<String> REASONS = List.of("PAYMENT_DECLINED", "OUT_OF_STOCK", "SHIPPING_UNAVAILABLE", "TIMEOUT");

	/** How far back the time filter looks. */
	static final Map<String, Duration> SINCE = periods();

	private final SagashopApi api;

	SagasController(SagashopApi api) {
		this.api = api;
	}

	@GetMapping("/sagas")
	String sagas(@RegisteredOAuth2AuthorizedClient(OrdersController.REGISTRATION) OAuth2AuthorizedClient client,
			@RequestParam(required = false) String status, @RequestParam(required = false) String failureReason,
			@RequestParam(required = false) String customerId, @RequestParam(required = false) String since,
			@RequestParam(defaultValue = "false") boolean running,
			@RequestParam(defaultValue = "false") boolean overdue, @RequestParam(defaultValue = "0") int page,
			Model model) {
		Filters filters = new Filters(known(status, STATUSES), known(failureReason, REASONS), blankless(customerId),
				SINCE.containsKey(since) ? since : null, running, overdue);
		UriComponentsBuilder query = filters.query().queryParam("page", Math.max(0, page)).queryParam("size", 25);
		if (filters.since() != null) {
			query.queryParam("placedAfter", Instant.now().minus(SINCE.get(filters.since())).toString());
		}
		JsonNode sagas = this.api
			.sagas(OrdersController.token(client), query.build().getQueryParams().toSingleValueMap())
			.orElseThrow(() -> new ResponseStatusException(HttpStatus.FORBIDDEN, "Only admins see every saga"));
		List<Row> rows = new ArrayList<>();
		sagas.path("content").forEach((saga) -> rows.add(Row.of(saga)));
		model.addAttribute("sagas", rows);
		model.addAttribute("counts", sagas.path("counts"));
		model.addAttribute("page", sagas.path("page"));
		model.addAttribute("filters", filters);
		model.addAttribute("statuses", STATUSES);
		model.addAttribute("reasons", REASONS);
		model.addAttribute("periods", SINCE.keySet());
		model.addAttribute("running", rows.stream().anyMatch((row) -> !row.age().isEmpty()));
		return "sagas";
	}

	/**
	 * One order's saga, as the table shows it.
	 *
	 * @param orderId the order
	 * @param customerId whose
	 * @param status its status
	 * @param failureReason why rejected, or empty
	 * @param total total and currency
	 * @param phase its saga's step, or empty
	 * @param age how long its running saga has run, or empty once it ended
	 * @param overdue whether its running step's deadline has passed
	 * @param placedAt when it was placed
	 */
	record Row(String orderId, String customerId, String status, String failureReason, String total, String phase,
			String age, boolean overdue, String placedAt) {

		static Row of(JsonNode saga) {
			return new Row(saga.get("orderId").asString(), saga.path("customerId").asString(""),
					saga.path("status").asString(""), saga.path("failureReason").asString(""),
					saga.path("total").asString("") + " " + saga.path("currency").asString(""),
					saga.path("phase").asString(""), SagasController.age(saga), saga.path("overdue").asBoolean(false),
					saga.path("placedAt").asString(""));
		}

	}

	/**
	 * How long a running saga has run, for people: {@code 850 ms}, {@code 12 s},
	 * {@code 3 min}.
	 */
	static String age(JsonNode saga) {
		if (!saga.path("ageMillis").isNumber()) {
			return "";
		}
		long millis = saga.get("ageMillis").asLong();
		return (millis < 1000) ? millis + " ms" : (millis < 120_000) ? millis / 1000 + " s" : millis / 60_000 + " min";
	}

	private static String known(String value, List<String> values) {
		return (value != null && values.contains(value)) ? value : null;
	}

	private static String blankless(String value) {
		return (value == null || value.isBlank()) ? null : value.trim();
	}

	private static Map<String, Duration> periods() {
		Map<String, Duration> periods = new LinkedHashMap<>();
		periods.put("5 minutes", Duration.ofMinutes(5));
		periods.put("1 hour", Duration.ofHours(1));
		periods.put("1 day", Duration.ofDays(1));
		return periods;
	}

	/**
	 * The page's filters, as the form shows them and the links keep them.
	 *
	 * @param status only this status
	 * @param failureReason only this failure reason
	 * @param customerId only this customer
	 * @param since only placed within this period (a key of {@link #SINCE})
	 * @param running only running sagas
	 * @param overdue only running sagas past their step's deadline
	 */
	record Filters(String status, String failureReason, String customerId, String since, boolean running,
			boolean overdue) {

		/** These filters with another status (for the counts' links). */
		public Filters withStatus(String other) {
			return new Filters(other, this.failureReason, this.customerId, this.since, this.running, this.overdue);
		}

		/**
		 * These filters as the API's query (without the period, which the API takes as an
		 * instant).
		 */
		UriComponentsBuilder query() {
			UriComponentsBuilder query = UriComponentsBuilder.newInstance();
			if (this.status != null) {
				query.queryParam("status", this.status);
			}
			if (this.failureReason != null) {
				query.queryParam("failureReason", this.failureReason);
			}
			if (this.customerId != null) {
				query.queryParam("customerId", this.customerId);
			}
			if (this.running) {
				query.queryParam("running", true);
			}
			if (this.overdue) {
				query.queryParam("overdue", true);
			}
			return query;
		}

		/** These filters as this page's own link, at a page. */
		public String link(int page) {
			UriComponentsBuilder link = query().queryParam("page", page);
			if (this.since != null) {
				link.queryParam("since", this.since);
			}
			return "?" + link.build().encode().getQuery();
		}

	}

}
