package dev.sagashop.orders.order;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

import jakarta.persistence.CollectionTable;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.OrderColumn;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

/**
 * A customer's order. It is created {@code PENDING}; the checkout saga makes it final.
 */
@Entity
@Table(name = "orders")
public class Order {

	@Id
	private UUID id;

	private String customerId;

	@Enumerated(EnumType.STRING)
	private OrderStatus status;

	@ElementCollection(fetch = FetchType.EAGER)
	@CollectionTable(name = "order_items", joinColumns = @JoinColumn(name = "order_id"))
	@OrderColumn(name = "line_no")
	private List<OrderLine> items = new ArrayList<>();

	private long total;

	private String currency;

	private String failureReason;

	@Version
	private long version;

	private Instant createdAt;

	private Instant updatedAt;

	protected Order() {
	}

	private Order(UUID id, String customerId, List<OrderLine> items, String currency) {
		if (items.isEmpty()) {
			throw new IllegalArgumentException("An order needs at least one line");
		}
		this.id = Objects.requireNonNull(id, "id");
		this.customerId = Objects.requireNonNull(customerId, "customerId");
		this.items = new ArrayList<>(items);
		this.total = items.stream().mapToLong(OrderLine::amount).reduce(0, Math::addExact);
		this.currency = Objects.requireNonNull(currency, "currency");
		this.status = OrderStatus.PENDING;
		this.createdAt = Instant.now();
		this.updatedAt = this.createdAt;
	}

	/**
	 * Places a new order whose saga has yet to run.
	 * @param customerId the token subject of the customer
	 * @param items the priced lines
	 * @param currency the currency of every line's price
	 * @return the pending order
	 */
	public static Order place(String customerId, List<OrderLine> items, String currency) {
		return new Order(UUID.randomUUID(), customerId, items, currency);
	}

	public UUID getId() {
		return this.id;
	}

	public String getCustomerId() {
		return this.customerId;
	}

	public OrderStatus getStatus() {
		return this.status;
	}

	public List<OrderLine> getItems() {
		return List.copyOf(this.items);
	}

	public long getTotal() {
		return this.total;
	}

	public String getCurrency() {
		return this.currency;
	}

	public String getFailureReason() {
		return this.failureReason;
	}

	public Instant getCreatedAt() {
		return this.createdAt;
	}

	public Instant getUpdatedAt() {
		return this.updatedAt;
	}

}
