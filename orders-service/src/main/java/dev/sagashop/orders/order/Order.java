package dev.sagashop.orders.order;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

import dev.sagashop.events.TimeOrderedIds;

/**
 * A customer's order. It is created {@code PENDING}; the checkout saga makes it final; a
 * cancellation makes it {@code CANCELLING}, then {@code CANCELLED} (or confirmed again).
 * {@link Orders} writes it in plain SQL (ADR 16) and knows from the order what changed
 * since it was read: its status and the history entries added.
 */
public class Order {

	private final UUID id;

	private final String customerId;

	private OrderStatus status;

	private final List<OrderLine> items;

	private final List<HistoryEntry> history;

	private final ShippingAddress shippingAddress;

	private final long total;

	private final String currency;

	private FailureReason failureReason;

	private final Instant createdAt;

	private Instant updatedAt;

	/** The version written last, {@code -1} before the order is first written. */
	private long version;

	/** How many history entries are written. */
	private int storedHistory;

	/** Whether the status changed since the order was written. */
	private boolean statusChanged;

	private Order(UUID id, String customerId, List<OrderLine> items, String currency, ShippingAddress shippingAddress) {
		if (items.isEmpty()) {
			throw new IllegalArgumentException("An order needs at least one line");
		}
		this.id = Objects.requireNonNull(id, "id");
		this.customerId = Objects.requireNonNull(customerId, "customerId");
		this.items = List.copyOf(items);
		this.history = new ArrayList<>();
		this.total = items.stream().mapToLong(OrderLine::amount).reduce(0, Math::addExact);
		this.currency = Objects.requireNonNull(currency, "currency");
		this.shippingAddress = Objects.requireNonNull(shippingAddress, "shippingAddress");
		this.status = OrderStatus.PENDING;
		this.createdAt = now();
		this.updatedAt = this.createdAt;
		this.version = -1;
	}

	/** An order as written (read back by {@link Orders}). */
	Order(UUID id, String customerId, OrderStatus status, List<OrderLine> items, List<HistoryEntry> history,
			ShippingAddress shippingAddress, long total, String currency, FailureReason failureReason,
			Instant createdAt, Instant updatedAt, long version) {
		this.id = id;
		this.customerId = customerId;
		this.status = status;
		this.items = List.copyOf(items);
		this.history = new ArrayList<>(history);
		this.shippingAddress = shippingAddress;
		this.total = total;
		this.currency = currency;
		this.failureReason = failureReason;
		this.createdAt = createdAt;
		this.updatedAt = updatedAt;
		this.version = version;
		this.storedHistory = history.size();
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
		return new Order(TimeOrderedIds.next(), customerId, items, currency, shippingAddress);
	}

	/**
	 * Every step succeeded, or a cancellation came too late (the parcel had left): the
	 * order is final.
	 */
	public void confirm() {
		require("confirm", OrderStatus.PENDING, OrderStatus.CANCELLING);
		moveTo(OrderStatus.CONFIRMED);
	}

	/**
	 * The saga failed and every completed step has been undone: the order is final.
	 * @param reason why
	 */
	public void reject(FailureReason reason) {
		require("reject", OrderStatus.PENDING);
		this.failureReason = Objects.requireNonNull(reason, "reason");
		moveTo(OrderStatus.REJECTED);
	}

	/** The customer asked to cancel; what was done is being undone. */
	public void startCancelling() {
		require("cancel", OrderStatus.PENDING, OrderStatus.CONFIRMED);
		moveTo(OrderStatus.CANCELLING);
	}

	/** Everything done for the order has been undone: the order is final. */
	public void cancel() {
		require("finish cancelling", OrderStatus.CANCELLING);
		moveTo(OrderStatus.CANCELLED);
	}

	private void moveTo(OrderStatus next) {
		this.status = next;
		this.statusChanged = true;
		this.updatedAt = now();
	}

	/**
	 * Notes what happened in a step of the saga.
	 * @param step the step
	 * @param outcome what happened
	 */
	public void record(HistoryStep step, HistoryOutcome outcome) {
		this.updatedAt = now();
		this.history.add(new HistoryEntry(step.name(), outcome.name(), this.updatedAt));
	}

	private void require(String transition, OrderStatus... allowed) {
		if (!List.of(allowed).contains(this.status)) {
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
		return this.items;
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

	long getVersion() {
		return this.version;
	}

	/** Whether anything changed since the order was written. */
	boolean isChanged() {
		return this.statusChanged || this.storedHistory < this.history.size();
	}

	/** The history entries added since the order was written, with their positions. */
	List<HistoryEntry> getUnstoredHistory() {
		return List.copyOf(this.history.subList(this.storedHistory, this.history.size()));
	}

	int getStoredHistory() {
		return this.storedHistory;
	}

	/** Everything is written now, as {@code version}. */
	void stored(long version) {
		this.version = version;
		this.storedHistory = this.history.size();
		this.statusChanged = false;
	}

	/**
	 * Now, to the microsecond PostgreSQL keeps: an order shown from memory (a response, a
	 * final-order notice) reads the same as when it is loaded again.
	 */
	private static Instant now() {
		return Instant.now().truncatedTo(ChronoUnit.MICROS);
	}

}
