package dev.sagashop.events;

import java.util.List;
import java.util.UUID;

/**
 * Some lines could not be reserved, so none was.
 *
 * @param orderId the order
 * @param skus the products that were short
 */
public record StockUnavailable(UUID orderId, List<String> skus) implements Reply {

	public StockUnavailable {
		skus = List.copyOf(skus);
	}

}
