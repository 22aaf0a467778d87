package dev.sagashop.console;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import tools.jackson.databind.JsonNode;

import org.springframework.http.HttpStatus;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.annotation.RegisteredOAuth2AuthorizedClient;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.client.HttpClientErrorException;
import org.springframework.web.client.RestClientException;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The messages every service gave up on, for admins: each with where it came from, its
 * order, its payload and why it failed; a redrive or a discard asked for on a page of its
 * own (a form with the CSRF token) and decided by the service, once.
 */
@Controller
class DeadLettersController {

	private static final Log logger = LogFactory.getLog(DeadLettersController.class);

	/** The services, each with the dead letters of the topics it reads. */
	static final List<String> SERVICES = List.of("orders-service", "payments-service", "inventory-service",
			"shipping-service");

	static final List<String> DECISIONS = List.of("redrive", "discard");

	private final SagashopApi api;

	DeadLettersController(SagashopApi api) {
		this.api = api;
	}

	@GetMapping("/dead-letters")
	String list(@RegisteredOAuth2AuthorizedClient(OrdersController.REGISTRATION) OAuth2AuthorizedClient client,
			Model model) {
		List<Letter> letters = new ArrayList<>();
		List<String> unavailable = new ArrayList<>();
		for (String service : SERVICES) {
			try {
				this.api.deadLetters(OrdersController.token(client), service)
					.forEach((letter) -> letters.add(Letter.of(service, letter)));
			}
			catch (HttpClientErrorException ex) {
				if (ex.getStatusCode() == HttpStatus.FORBIDDEN) {
					throw new ResponseStatusException(HttpStatus.FORBIDDEN, "Only admins see dead letters");
				}
				throw ex;
			}
			catch (RestClientException ex) {
				// One service away: the others' dead letters still show.
				logger.warn("Dead letters of %s could not be read: %s".formatted(service, ex.getMessage()));
				unavailable.add(service);
			}
		}
		letters.sort((a, b) -> b.deadLetteredAt().compareTo(a.deadLetteredAt()));
		model.addAttribute("letters", letters);
		model.addAttribute("unavailable", unavailable);
		return "dead-letters";
	}

	/** One dead letter, with the forms that decide about it. */
	@GetMapping("/dead-letters/{service}/{dltTopic}/{partition}/{offset}")
	String letter(@RegisteredOAuth2AuthorizedClient(OrdersController.REGISTRATION) OAuth2AuthorizedClient client,
			@PathVariable String service, @PathVariable String dltTopic, @PathVariable int partition,
			@PathVariable long offset, Model model) {
		model.addAttribute("letter", find(client, service, dltTopic, partition, offset)
			.orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "No such dead letter")));
		return "dead-letter";
	}

	@PostMapping("/dead-letters/{service}/{dltTopic}/{partition}/{offset}/{decision}")
	String decide(@RegisteredOAuth2AuthorizedClient(OrdersController.REGISTRATION) OAuth2AuthorizedClient client,
			@PathVariable String service, @PathVariable String dltTopic, @PathVariable int partition,
			@PathVariable long offset, @PathVariable String decision, RedirectAttributes redirect) {
		if (!SERVICES.contains(service) || !DECISIONS.contains(decision)) {
			throw new ResponseStatusException(HttpStatus.NOT_FOUND, "No such dead letter or decision");
		}
		SagashopApi.Decided decided = this.api.decide(OrdersController.token(client), service, dltTopic, partition,
				offset, decision);
		redirect.addFlashAttribute("outcome",
				(decided.letter() != null)
						? "%s/%d/%d of %s: %s.".formatted(dltTopic, partition, offset, service,
								decided.letter().path("decision").asString("").toLowerCase())
						: "Not done: " + decided.refusal());
		return "redirect:/dead-letters";
	}

	private Optional<Letter> find(OAuth2AuthorizedClient client, String service, String dltTopic, int partition,
			long offset) {
		if (!SERVICES.contains(service)) {
			return Optional.empty();
		}
		for (JsonNode letter : this.api.deadLetters(OrdersController.token(client), service)) {
			Letter found = Letter.of(service, letter);
			if (found.dltTopic().equals(dltTopic) && found.dltPartition() == partition && found.dltOffset() == offset) {
				return Optional.of(found);
			}
		}
		return Optional.empty();
	}

	/**
	 * A dead letter as the pages show it.
	 *
	 * @param service which service gave up on it
	 * @param dltTopic the dead-letter topic it is on
	 * @param dltPartition its partition there
	 * @param dltOffset its offset there
	 * @param topic where it came from
	 * @param orderId its order
	 * @param type its message type
	 * @param payload its value
	 * @param error why it failed
	 * @param deadLetteredAt when it was parked
	 * @param decision what was decided, or empty
	 * @param decidedBy who decided, or empty
	 */
	record Letter(String service, String dltTopic, int dltPartition, long dltOffset, String topic, String orderId,
			String type, String payload, String error, String deadLetteredAt, String decision, String decidedBy) {

		static Letter of(String service, JsonNode letter) {
			return new Letter(service, letter.path("dltTopic").asString(""), letter.path("dltPartition").asInt(),
					letter.path("dltOffset").asLong(), letter.path("topic").asString(""),
					letter.path("orderId").asString(""), letter.path("type").asString(""),
					letter.path("payload").asString(""), letter.path("error").asString(""),
					letter.path("deadLetteredAt").asString(""), letter.path("decision").asString(""),
					letter.path("decidedBy").asString(""));
		}

		/** Where its page is. */
		public String path() {
			return "/dead-letters/%s/%s/%d/%d".formatted(this.service, this.dltTopic, this.dltPartition,
					this.dltOffset);
		}

	}

}
