package dev.sagashop.orders.order;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

import jakarta.persistence.CollectionTable;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Embedded;
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

	@ElementCollection(fetch = FetchType.EAGER)
	@CollectionTable(name = "order_history", joinColumns = @JoinColumn(name = "order_id"))
	@OrderColumn(name = "seq")
	private List<HistoryEntry> history = new ArrayList<>();

	@Embedded
	private ShippingAddress shippingAddress;

	private long total;

	private String currency;

	@Enumerated(EnumType.STRING)
	private FailureReason failureReason;

	@Version
	private Long version;

	private Instant createdAt;

	private Instant updatedAt;

	protected Order() {
	}

	private Order(UUID id, String customerId, List<OrderLine> items, String currency, ShippingAddress shippingAddress) {
		if (items.isEmpty()) {
			throw new IllegalArgumentException("An order needs at least one line");
		}
		this.id = Objects.requireNonNull(id, "id");
		this.customerId = Objects.requireNonNull(customerId, "customerId");
		this.items = new ArrayList<>(items);
		this.total = items.stream().mapToLong(OrderLine::amount).reduce(0, Math::addExact);
		this.currency = Objects.requireNonNull(currency, "currency");
		this.shippingAddress = Objects.requireNonNull(shippingAddress, "shippingAddress");
		this.status = OrderStatus.PENDING;
		this.createdAt = now();
		this.updatedAt = this.createdAt;
	}

	/**
	 * Places a new order whose saga has yet to run.
	 * @param customerId the token subject of the customer
	 * @param items the priced lines
	 * @param currency the currency of every line's price
	 * @param shippingAddress where it goes
	 * @return the pending order
	 */
	public static Order place(String customerId, List<OrderLine> items, String currency,
			ShippingAddress shippingAddress) {
		return new Order(UUID.randomUUID(), customerId, items, currency, shippingAddress);
	}

	/** Every step succeeded: the order is final. */
	public void confirm() {
		requirePending("confirm");
		this.status = OrderStatus.CONFIRMED;
		this.updatedAt = now();
	}

	/**
	 * The saga failed and every completed step has been undone: the order is final.
	 * @param reason why
	 */
	public void reject(FailureReason reason) {
		requirePending("reject");
		this.status = OrderStatus.REJECTED;
		this.failureReason = Objects.requireNonNull(reason, "reason");
		this.updatedAt = now();
	}

	/**
	 * Notes what happened in a step of the saga.
	 * @param step the step
	 * @param outcome what happened
	 */
	public void record(String step, String outcome) {
		this.updatedAt = now();
		this.history.add(new HistoryEntry(step, outcome, this.updatedAt));
	}

	private void requirePending(String transition) {
		if (this.status != OrderStatus.PENDING) {
			throw new IllegalStateException("Cannot %s order %s, it is %s".formatted(transition, this.id, this.status));
		}
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

	public List<HistoryEntry> getHistory() {
		return List.copyOf(this.history);
	}

	public ShippingAddress getShippingAddress() {
		return this.shippingAddress;
	}

	public FailureReason getFailureReason() {
		return this.failureReason;
	}

	public Instant getCreatedAt() {
		return this.createdAt;
	}

	public Instant getUpdatedAt() {
		return this.updatedAt;
	}

	/**
	 * Now, to the microsecond PostgreSQL keeps: an order shown from memory (a response, a
	 * final-order notice) reads the same as when it is loaded again.
	 */
	private static Instant now() {
		return Instant.now().truncatedTo(ChronoUnit.MICROS);
	}

}
