package dev.sagashop.inventory.catalog;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import dev.sagashop.platform.messaging.TransactionWrites;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageImpl;
import org.springframework.data.domain.Pageable;
import org.springframework.data.domain.Sort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The catalogue, keyed by sku, in plain SQL (ADR 16).
 */
@Repository
public class Products {

	private static final String COLUMNS = "sku, name, price, currency, available, created_at";

	/** What a page of the catalogue can be sorted by: the columns the API shows. */
	private static final Set<String> SORTABLE = Set.of("sku", "name", "price", "currency", "available");

	private final JdbcClient jdbc;

	private final TransactionWrites writes;

	Products(JdbcClient jdbc, TransactionWrites writes) {
		this.jdbc = jdbc;
		this.writes = writes;
	}

	/**
	 * One page of the catalogue.
	 * @throws IllegalArgumentException when sorted by something the API does not show
	 */
	public Page<Product> findAll(Pageable pageable) {
		String orderBy = pageable.getSort()
			.stream()
			.map(Products::orderBy)
			.collect(Collectors.joining(", ", "", pageable.getSort().isSorted() ? ", sku" : "sku"));
		List<Product> page = this.jdbc
			.sql("SELECT " + COLUMNS + " FROM products ORDER BY " + orderBy + " LIMIT ? OFFSET ?")
			.params(pageable.isPaged() ? pageable.getPageSize() : null, pageable.isPaged() ? pageable.getOffset() : 0)
			.query(Products::product)
			.list();
		long total = this.jdbc.sql("SELECT count(*) FROM products").query(Long.class).single();
		return new PageImpl<>(page, pageable, total);
	}

	public Optional<Product> findById(String sku) {
		return this.jdbc.sql("SELECT " + COLUMNS + " FROM products WHERE sku = ?")
			.param(sku)
			.query(Products::product)
			.optional();
	}

	public boolean existsById(String sku) {
		return this.jdbc.sql("SELECT EXISTS (SELECT 1 FROM products WHERE sku = ?)")
			.param(sku)
			.query(Boolean.class)
			.single();
	}

	/**
	 * Writes a new product.
	 * @return the same product
	 * @throws org.springframework.dao.DuplicateKeyException when the sku exists
	 */
	public Product save(Product product) {
		this.jdbc.sql("INSERT INTO products (" + COLUMNS + ", version) VALUES (?, ?, ?, ?, ?, ?, 0)")
			.params(product.getSku(), product.getName(), product.getPrice(), product.getCurrency(),
					product.getAvailable(), product.getCreatedAt().atOffset(ZoneOffset.UTC))
			.update();
		return product;
	}

	/**
	 * Locks the products for the rest of the transaction, always in sku order so that two
	 * reservations never wait on each other in a circle.
	 * @param skus the products
	 * @return those that exist, in sku order
	 */
	public List<Product> lockAll(Collection<String> skus) {
		return this.jdbc.sql("SELECT " + COLUMNS + " FROM products WHERE sku = ANY (?) ORDER BY sku FOR UPDATE")
			.param(skus.toArray(String[]::new))
			.query(Products::product)
			.list();
	}

	/**
	 * Writes what locked products have available now, in one statement when the
	 * transaction commits (ADR 34): they stay locked until then, and nothing after it in
	 * the transaction reads them.
	 * @param products products locked by {@link #lockAll} in this transaction
	 */
	public void updateAvailable(Collection<Product> products) {
		this.writes.deferChecked(
				"UPDATE products p SET available = v.available, version = p.version + 1 "
						+ "FROM unnest(CAST(? AS text[]), CAST(? AS int[])) AS v(sku, available) WHERE p.sku = v.sku",
				products.size(), () -> new IllegalStateException("A locked product is gone: " + products),
				products.stream().map(Product::getSku).toArray(String[]::new),
				products.stream().map(Product::getAvailable).toArray(Integer[]::new));
	}

	private static String orderBy(Sort.Order order) {
		if (!SORTABLE.contains(order.getProperty())) {
			throw new IllegalArgumentException("Products cannot be sorted by '%s', only by one of %s"
				.formatted(order.getProperty(), SORTABLE.stream().sorted().toList()));
		}
		return order.getProperty() + (order.isAscending() ? " ASC" : " DESC");
	}

	private static Product product(ResultSet row, int number) throws SQLException {
		return new Product(row.getString("sku"), row.getString("name"), row.getLong("price"), row.getString("currency"),
				row.getInt("available"), row.getObject("created_at", OffsetDateTime.class).toInstant());
	}

}
