package dev.sagashop.orders.order.web;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import dev.sagashop.orders.catalogue.Catalogue;
import dev.sagashop.orders.order.Order;
import dev.sagashop.orders.order.OrderLine;
import dev.sagashop.orders.order.ShippingAddress;
import dev.sagashop.platform.web.Caller;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * Prices a request's lines from the catalogue, as the customer's token may read it: a new
 * order, not yet placed. Every product is known and in one currency, or nothing is
 * priced.
 */
@Component
class OrderPricing {

	private final Catalogue catalogue;

	OrderPricing(Catalogue catalogue) {
		this.catalogue = catalogue;
	}

	/**
	 * The order the request describes, priced.
	 * @throws org.springframework.web.ErrorResponseException 422 for an unknown product
	 * or mixed currencies
	 * @throws Catalogue.CatalogueUnavailableException when the catalogue cannot be read
	 */
	Order price(PlaceOrderRequest request, Caller caller, String bearerToken) {
		List<OrderLine> lines = new ArrayList<>();
		Set<String> currencies = new TreeSet<>();
		for (PlaceOrderRequest.Line line : request.items()) {
			Catalogue.Price price = this.catalogue.price(line.sku(), bearerToken)
				.orElseThrow(() -> Problems.of(HttpStatus.UNPROCESSABLE_CONTENT, "Unknown product",
						"No product with sku " + line.sku()));
			currencies.add(price.currency());
			lines.add(new OrderLine(line.sku(), line.quantity(), price.price()));
		}
		if (currencies.size() > 1) {
			throw Problems.of(HttpStatus.UNPROCESSABLE_CONTENT, "Mixed currencies",
					"All products of one order must share a currency, found " + currencies);
		}
		PlaceOrderRequest.Address address = request.shippingAddress();
		return Order.place(caller.customerId(), lines, currencies.iterator().next(), new ShippingAddress(address.name(),
				address.line1(), address.city(), address.postalCode(), address.country()));
	}

}
