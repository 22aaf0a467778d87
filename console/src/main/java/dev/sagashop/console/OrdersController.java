package dev.sagashop.console;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

import org.springframework.http.HttpStatus;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.annotation.RegisteredOAuth2AuthorizedClient;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.server.ResponseStatusException;

/**
 * The signed-in person's orders, and one order's saga as a timeline: each step of its
 * journal with the time since the one before.
 */
@Controller
class OrdersController {

	static final String REGISTRATION = "sagashop";

	/**
	 * Statuses after which an order's saga does nothing more (unless it is cancelled).
	 */
	static final Set<String> FINAL = Set.of("CONFIRMED", "REJECTED", "CANCELLED");

	private final SagashopApi api;

	private final ConsoleProperties properties;

	OrdersController(SagashopApi api, ConsoleProperties properties) {
		this.api = api;
		this.properties = properties;
	}

	@GetMapping("/")
	String orders(@RegisteredOAuth2AuthorizedClient(REGISTRATION) OAuth2AuthorizedClient client, Model model) {
		JsonNode orders = this.api.orders(token(client)).path("content");
		Map<String, Long> counts = new TreeMap<>();
		orders.forEach((order) -> counts.merge(order.get("status").asString(), 1L, Long::sum));
		model.addAttribute("orders", orders);
		model.addAttribute("counts", counts);
		return "orders";
	}

	@GetMapping("/orders/{id}")
	String order(@PathVariable UUID id, @RegisteredOAuth2AuthorizedClient(REGISTRATION) OAuth2AuthorizedClient client,
			Model model) {
		JsonNode order = this.api.order(token(client), id)
			.orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "No order " + id));
		JsonNode journal = this.api.journal(token(client), id)
			.orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "No order " + id));
		model.addAttribute("order", order);
		// Until the saga ends, the page reloads itself every two seconds.
		model.addAttribute("running", !FINAL.contains(order.get("status").asString()));
		model.addAttribute("steps", steps(journal.path("entries")));
		// Beside the saga's view, what the participants recorded.
		model.addAttribute("payments", this.api.recorded(token(client), "payments", id));
		model.addAttribute("shipments", this.api.recorded(token(client), "shipments", id));
		// inventory-service keeps no owner with a reservation: only admins may read it.
		boolean admin = Pages.scopes(token(client)).contains("admin");
		model.addAttribute("reservations",
				admin ? this.api.recorded(token(client), "reservations", id) : JsonNodeFactory.instance.arrayNode());
		model.addAttribute("reservationsShown", admin);
		// The checkout's own trace when it was traced, else a search of orders-service's.
		String traceId = journal.path("traceId").asString("");
		model.addAttribute("traces", this.properties.zipkinUrl()
				+ (traceId.isEmpty() ? "/zipkin/?serviceName=orders-service" : "/zipkin/traces/" + traceId));
		return "order";
	}

	@GetMapping("/signed-out")
	String signedOut() {
		return "signed-out";
	}

	static String token(OAuth2AuthorizedClient client) {
		return client.getAccessToken().getTokenValue();
	}

	/** The journal's entries with the time each came after the one before. */
	static List<Step> steps(JsonNode entries) {
		List<Step> steps = new ArrayList<>();
		Instant previous = null;
		for (JsonNode entry : entries) {
			Instant at = Instant.parse(entry.get("at").asString());
			steps.add(new Step(at, (previous != null) ? Duration.between(previous, at) : null,
					entry.get("kind").asString(), entry.path("type").asString(""), entry.path("topic").asString(""),
					entry.get("phase").asString()));
			previous = at;
		}
		return steps;
	}

	/**
	 * One line of the timeline.
	 *
	 * @param at when
	 * @param after how long after the step before, {@code null} for the first
	 * @param kind what happened ({@code SENT}, {@code RECEIVED}, ...)
	 * @param type the message's type, or empty
	 * @param topic the message's topic, or empty
	 * @param phase where the saga stood afterwards
	 */
	record Step(Instant at, Duration after, String kind, String type, String topic, String phase) {

		/** The wait before it, for people: {@code +12 ms}. */
		public String waited() {
			return (this.after != null) ? "+" + this.after.toMillis() + " ms" : "";
		}

	}

}
