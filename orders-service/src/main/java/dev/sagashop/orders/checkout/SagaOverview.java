package dev.sagashop.orders.checkout;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.sagashop.orders.order.FailureReason;
import dev.sagashop.orders.order.OrderStatus;
import io.swagger.v3.oas.annotations.media.Schema;

import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Every order with its saga, for the people who run the shop: filtered, newest first,
 * counted by status, with what a running saga is doing, for how long, and whether its
 * step's deadline has passed, all by the database's clock (the one the sagas' deadlines
 * are set with).
 */
@Repository
public class SagaOverview {

	private static final String RUNNING = "o.status IN ('PENDING', 'CANCELLING')";

	private final JdbcClient jdbc;

	SagaOverview(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * One page of the orders a filter keeps, and how many it keeps of each status.
	 * @param filter which orders
	 * @param size orders a page
	 * @param offset orders before the page
	 * @return the page and the counts
	 */
	public Found find(Filter filter, int size, long offset) {
		List<Object> params = new ArrayList<>();
		String where = where(filter, params, false);
		List<Object> pageParams = new ArrayList<>(params);
		pageParams.add(size);
		pageParams.add(offset);
		List<Saga> sagas = this.jdbc
			.sql("SELECT o.id, o.customer_id, o.status, o.failure_reason, o.total, "
					+ "o.currency, o.created_at, o.updated_at, s.phase, s.deadline, "
					+ "(s.deadline IS NOT NULL AND s.deadline < now() AND " + RUNNING + ") AS overdue, " + "CASE WHEN "
					+ RUNNING + " THEN (extract(epoch FROM now() - coalesce(s.started_at, o.created_at)) "
					+ "* 1000)::bigint END AS age_millis "
					+ "FROM orders o LEFT JOIN checkout_sagas s ON s.order_id = o.id " + where
					+ " ORDER BY o.created_at DESC, o.id LIMIT ? OFFSET ?")
			.params(pageParams)
			.query(SagaOverview::saga)
			.list();
		List<Object> countParams = new ArrayList<>();
		Map<OrderStatus, Long> counts = new EnumMap<>(OrderStatus.class);
		for (OrderStatus status : OrderStatus.values()) {
			counts.put(status, 0L);
		}
		RowCallbackHandler count = (row) -> counts.put(OrderStatus.valueOf(row.getString(1)), row.getLong(2));
		this.jdbc
			.sql("SELECT o.status, count(*) FROM orders o LEFT JOIN checkout_sagas s ON s.order_id = o.id "
					+ where(filter, countParams, true) + " GROUP BY o.status")
			.params(countParams)
			.query(count);
		long total = (filter.status() != null) ? counts.get(filter.status())
				: counts.values().stream().mapToLong(Long::longValue).sum();
		return new Found(sagas, counts, total);
	}

	/** The filter as SQL; the counts leave the status out, to count each status. */
	private static String where(Filter filter, List<Object> params, boolean counting) {
		List<String> conditions = new ArrayList<>();
		if (filter.status() != null && !counting) {
			conditions.add("o.status = ?");
			params.add(filter.status().name());
		}
		if (filter.failureReason() != null) {
			conditions.add("o.failure_reason = ?");
			params.add(filter.failureReason().name());
		}
		if (filter.customerId() != null) {
			conditions.add("o.customer_id = ?");
			params.add(filter.customerId());
		}
		if (filter.placedAfter() != null) {
			conditions.add("o.created_at >= ?");
			params.add(Timestamp.from(filter.placedAfter()));
		}
		if (filter.placedBefore() != null) {
			conditions.add("o.created_at < ?");
			params.add(Timestamp.from(filter.placedBefore()));
		}
		if (filter.running()) {
			conditions.add(RUNNING);
		}
		if (filter.overdue()) {
			conditions.add("s.deadline < now() AND " + RUNNING);
		}
		return conditions.isEmpty() ? "" : "WHERE " + String.join(" AND ", conditions);
	}

	private static Saga saga(ResultSet row, int number) throws SQLException {
		long age = row.getLong("age_millis");
		Long ageMillis = row.wasNull() ? null : age;
		String reason = row.getString("failure_reason");
		Timestamp deadline = row.getTimestamp("deadline");
		return new Saga(row.getObject("id", UUID.class), row.getString("customer_id"),
				OrderStatus.valueOf(row.getString("status")), (reason != null) ? FailureReason.valueOf(reason) : null,
				row.getLong("total"), row.getString("currency"), row.getTimestamp("created_at").toInstant(),
				row.getTimestamp("updated_at").toInstant(), row.getString("phase"),
				(deadline != null) ? deadline.toInstant() : null, row.getBoolean("overdue"), ageMillis);
	}

	/**
	 * Which orders.
	 *
	 * @param status only this status, if given
	 * @param failureReason only rejected for this reason, if given
	 * @param customerId only this customer's, if given
	 * @param placedAfter only placed at or after, if given
	 * @param placedBefore only placed before, if given
	 * @param running only those whose saga runs (a checkout or a cancellation)
	 * @param overdue only running sagas whose step's deadline has passed
	 */
	public record Filter(OrderStatus status, FailureReason failureReason, String customerId, Instant placedAfter,
			Instant placedBefore, boolean running, boolean overdue) {

	}

	/**
	 * An order and its saga.
	 *
	 * @param orderId the order
	 * @param customerId whose
	 * @param status the order's status
	 * @param failureReason why rejected
	 * @param total the order's total
	 * @param currency its currency
	 * @param placedAt when placed
	 * @param updatedAt when it last changed
	 * @param phase the saga's phase (its step), {@code null} for an order from before the
	 * saga was recorded
	 * @param deadline when the running step gives up, if it does
	 * @param overdue whether a running saga's deadline has passed
	 * @param ageMillis how long a running saga has run, {@code null} once it ended
	 */
	@Schema(name = "Saga", description = "An order and its saga")
	public record Saga(@Schema(description = "The order") UUID orderId,
			@Schema(description = "Whose order") String customerId,
			@Schema(description = "Its status") OrderStatus status,
			@Schema(description = "Why it was rejected; null unless REJECTED", types = {
					"string", "null" }) FailureReason failureReason,
			@Schema(description = "Its total, in the currency's smallest unit") long total,
			@Schema(description = "ISO 4217") String currency,
			@Schema(description = "When it was placed") Instant placedAt,
			@Schema(description = "When it last changed") Instant updatedAt,
			@Schema(description = "Its saga's phase (the step it is at); null for an order placed before sagas were "
					+ "recorded", types = { "string", "null" }, example = "CHARGING_PAYMENT") String phase,
			@Schema(description = "When its running step gives up, if it does", types = { "string", "null" },
					format = "date-time") Instant deadline,
			@Schema(description = "Whether its saga runs and its step's deadline has passed") boolean overdue,
			@Schema(description = "How long its saga has run, in milliseconds; null once it ended",
					types = { "integer", "null" }, format = "int64") Long ageMillis){

	}

	/**
	 * What a filter found.
	 *
	 * @param sagas the page
	 * @param counts how many orders of each status it keeps (the status filter aside)
	 * @param total how many orders it keeps
	 */
	public record Found(List<Saga> sagas, Map<OrderStatus, Long> counts, long total) {

	}

}
