package dev.sagashop.console;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import tools.jackson.databind.JsonNode;

import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.annotation.RegisteredOAuth2AuthorizedClient;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * Places an order as the signed-in customer (issue 17, item 5): a product of the
 * catalogue, a quantity, a card (one the sandbox declines too) and a country (one no
 * carrier delivers to too), then shows its saga unfold.
 */
@Controller
class PlaceOrderController {

	/** The sandbox's cards: one is charged, one declined. */
	static final List<String> CARDS = List.of("tok_visa", "tok_chargeDeclined");

	/** Countries, with one that no carrier delivers to (AQ: Antarctica). */
	static final List<String> COUNTRIES = List.of("DE", "FR", "NL", "US", "AQ");

	private final SagashopApi api;

	PlaceOrderController(SagashopApi api) {
		this.api = api;
	}

	/**
	 * The form, with a product chosen when {@code sku} names one (a product beyond the
	 * catalogue's first page too).
	 */
	@GetMapping("/place")
	String form(@RegisteredOAuth2AuthorizedClient(OrdersController.REGISTRATION) OAuth2AuthorizedClient client,
			@RequestParam(required = false) String sku, Model model) {
		return form(client, new OrderForm(sku, 1, "tok_visa", "Ada", "1 Main St", "Berlin", "10115", "DE",
				UUID.randomUUID().toString()), model);
	}

	@PostMapping("/place")
	String place(@RegisteredOAuth2AuthorizedClient(OrdersController.REGISTRATION) OAuth2AuthorizedClient client,
			@Valid @ModelAttribute("order") OrderForm order, BindingResult invalid, Model model) {
		if (invalid.hasErrors()) {
			model.addAttribute("refusal",
					"Check " + String.join(", ",
							invalid.getFieldErrors().stream().map((error) -> error.getField()).distinct().toList())
							+ ".");
			return form(client, order, model);
		}
		SagashopApi.Placed placed = this.api.place(OrdersController.token(client), order.key(), order.body());
		if (placed.id() == null) {
			// The API may keep the key with its refusal: a corrected form is a new
			// request.
			model.addAttribute("refusal", placed.refusal());
			return form(client, order.withNewKey(), model);
		}
		return "redirect:/orders/" + placed.id();
	}

	private String form(OAuth2AuthorizedClient client, OrderForm order, Model model) {
		model.addAttribute("order", order);
		String token = OrdersController.token(client);
		List<JsonNode> products = new ArrayList<>();
		this.api.products(token).path("content").forEach(products::add);
		if (order.sku() != null && products.stream().noneMatch((product) -> order.sku().equals(sku(product)))) {
			this.api.product(token, order.sku()).ifPresent((product) -> products.add(0, product));
		}
		model.addAttribute("products", products);
		model.addAttribute("cards", CARDS);
		model.addAttribute("countries", COUNTRIES);
		return "place";
	}

	private static String sku(JsonNode product) {
		return product.path("sku").asString();
	}

	/**
	 * The form's fields.
	 *
	 * @param sku the product
	 * @param quantity how many
	 * @param cardToken the card
	 * @param name the recipient
	 * @param line1 the street
	 * @param city the city
	 * @param postalCode the postal code
	 * @param country the country, two letters
	 * @param key the Idempotency-Key made when the form was shown: sent twice, one order
	 */
	record OrderForm(@NotBlank String sku, @NotNull @Min(1) @Max(1000) Integer quantity, @NotBlank String cardToken,
			@NotBlank String name, @NotBlank String line1, @NotBlank String city, @NotBlank String postalCode,
			@NotNull @Pattern(regexp = "[A-Z]{2}") String country, @NotBlank String key) {

		OrderForm withNewKey() {
			return new OrderForm(this.sku, this.quantity, this.cardToken, this.name, this.line1, this.city,
					this.postalCode, this.country, UUID.randomUUID().toString());
		}

		Map<String, Object> body() {
			return Map.of("items", List.of(Map.of("sku", this.sku, "quantity", this.quantity)), "payment",
					Map.of("cardToken", this.cardToken), "shippingAddress", Map.of("name", this.name, "line1",
							this.line1, "city", this.city, "postalCode", this.postalCode, "country", this.country));
		}

	}

}
