package dev.sagashop.orders.order.web;

import java.util.List;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import static dev.sagashop.platform.web.OpenApiDocument.NOT_BLANK;

/**
 * The body of {@code POST /api/orders}. Prices, totals, statuses and customer ids are not
 * part of it: the server decides them.
 *
 * @param items 1 to 50 lines
 * @param payment how to pay
 * @param shippingAddress where to deliver
 */
record PlaceOrderRequest(@NotEmpty @Size(min = 1, max = 50) List<@NotNull @Valid Line> items,
		@NotNull @Valid Payment payment, @NotNull @Valid Address shippingAddress) {

	@Schema(name = "OrderItem")
	record Line(@NotNull @Pattern(regexp = "^[A-Za-z0-9_-]{1,64}$") String sku,
			@NotNull @Min(1) @Max(1000) Integer quantity) {
	}

	@Schema(name = "PaymentMethod")
	record Payment(@NotBlank @Size(min = 1, max = 200) @Schema(pattern = NOT_BLANK) String cardToken) {
	}

	record Address(@NotBlank @Size(min = 1, max = 200) @Schema(pattern = NOT_BLANK) String name,
			@NotBlank @Size(min = 1, max = 200) @Schema(pattern = NOT_BLANK) String line1,
			@NotBlank @Size(min = 1, max = 200) @Schema(pattern = NOT_BLANK) String city,
			@NotBlank @Size(min = 1, max = 200) @Schema(pattern = NOT_BLANK) String postalCode,
			@NotNull @Pattern(regexp = "^[A-Z]{2}$") String country) {
	}

}
