package dev.sagashop.inventory.stock;

import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

import dev.sagashop.events.ReserveStock;
import dev.sagashop.inventory.catalog.Product;

/**
 * What an order asks of the stock: each product once, with the quantity of all its lines
 * together, in SKU order (the order their rows are locked in). It decides the shortage:
 * all or nothing, a product that does not exist being short too.
 */
final class WantedStock {

	private final SortedMap<String, Integer> quantities;

	private WantedStock(SortedMap<String, Integer> quantities) {
		this.quantities = Collections.unmodifiableSortedMap(quantities);
	}

	/**
	 * The stock an order's lines ask for.
	 * @param lines the lines, a product possibly on several of them
	 * @return the quantity wanted of each product
	 * @throws IllegalArgumentException when a line asks for none or fewer
	 */
	static WantedStock of(List<ReserveStock.Line> lines) {
		SortedMap<String, Integer> quantities = new TreeMap<>();
		for (ReserveStock.Line line : lines) {
			if (line.quantity() <= 0) {
				throw new IllegalArgumentException("A line must ask for at least one of " + line.sku());
			}
			quantities.merge(line.sku(), line.quantity(), Math::addExact);
		}
		return new WantedStock(quantities);
	}

	/** The products wanted. */
	Set<String> skus() {
		return this.quantities.keySet();
	}

	/**
	 * The products of which fewer are available than wanted, or that do not exist.
	 * @param products the wanted products as they stand (locked)
	 * @return their SKUs, in order; empty when every line can be reserved
	 */
	List<String> shortIn(Collection<Product> products) {
		Map<String, Product> bySku = bySku(products);
		return this.quantities.entrySet()
			.stream()
			.filter((wanted) -> !bySku.containsKey(wanted.getKey())
					|| bySku.get(wanted.getKey()).getAvailable() < wanted.getValue())
			.map(Map.Entry::getKey)
			.toList();
	}

	/**
	 * Takes what is wanted out of the products.
	 * @param products the wanted products as they stand (locked), none of them short
	 * @return what is now held, in SKU order
	 * @throws IllegalStateException when one is short: nothing is taken then
	 */
	List<ReservedLine> takeFrom(Collection<Product> products) {
		List<String> shortSkus = shortIn(products);
		if (!shortSkus.isEmpty()) {
			throw new IllegalStateException("Stock is short for " + shortSkus);
		}
		Map<String, Product> bySku = bySku(products);
		return this.quantities.entrySet().stream().map((wanted) -> {
			bySku.get(wanted.getKey()).reserve(wanted.getValue());
			return new ReservedLine(wanted.getKey(), wanted.getValue());
		}).toList();
	}

	/** The products by their SKU. */
	static Map<String, Product> bySku(Collection<Product> products) {
		return products.stream().collect(Collectors.toMap(Product::getSku, Function.identity()));
	}

	@Override
	public String toString() {
		return this.quantities.toString();
	}

}
