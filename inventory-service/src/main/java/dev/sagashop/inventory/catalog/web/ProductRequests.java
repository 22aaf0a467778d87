package dev.sagashop.inventory.catalog.web;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;

import static dev.sagashop.platform.web.OpenApiDocument.NOT_BLANK;

/**
 * Bodies of the catalogue's write endpoints.
 */
final class ProductRequests {

	private ProductRequests() {
	}

	/**
	 * A new product.
	 *
	 * @param sku 1..64 letters, digits, '-' or '_'
	 * @param name up to 200 characters
	 * @param price minor units, positive
	 * @param currency ISO 4217 code
	 * @param available how many can be ordered
	 */
	@Schema(name = "NewProduct")
	record Create(@NotNull @Pattern(regexp = "^[A-Za-z0-9_-]{1,64}$") String sku,
			@NotBlank @Size(min = 1, max = 200) @Schema(pattern = NOT_BLANK) String name,
			@NotNull @Positive @Schema(minimum = "1") Long price,
			@NotNull @Pattern(regexp = "^[A-Z]{3}$") String currency,
			@NotNull @Min(0) @Max(1_000_000_000) Integer available) {
	}

	/**
	 * A new stock figure.
	 *
	 * @param available how many can be ordered from now on
	 */
	@Schema(name = "NewStock")
	record Stock(@NotNull @Min(0) @Max(1_000_000_000) Integer available) {
	}

}
