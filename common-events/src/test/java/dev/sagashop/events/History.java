package dev.sagashop.events;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * A recorded history of the saga (history/v1): every record the saga topics carried for a
 * set of orders with every outcome, as the real system sent them, and what each
 * participant's database held afterwards. system-tests' HistoryIT records it (and checks
 * that the system still behaves so); each participant's HistoryReplayIT replays its
 * command topic into a fresh database and must end in the same state (ADR 26).
 */
public final class History {

	/** Where the history is, under test resources. */
	public static final String DIRECTORY = "history/v1";

	/** The participants whose state the history holds, by database. */
	public static final List<String> PARTICIPANTS = List.of("payments", "inventory", "shipping");

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private History() {
	}

	/**
	 * One record as the broker had it.
	 *
	 * @param topic its topic
	 * @param key its key, the order's id
	 * @param value the envelope, as sent
	 */
	public record Message(String topic, String key, String value) {

		/** The envelope's type. */
		public String type() {
			return JSON.readTree(this.value).required("type").asString();
		}

		/** The envelope's message id. */
		public String messageId() {
			return JSON.readTree(this.value).required("messageId").asString();
		}

		JsonNode toJson() {
			ObjectNode line = JSON.createObjectNode();
			line.put("topic", this.topic).put("key", this.key).set("value", JSON.readTree(this.value));
			return line;
		}

	}

	/**
	 * What the history holds.
	 *
	 * @param orders the orders, by id, each with the scenario that made it
	 * @param products the products the orders bought, with the stock available before
	 * @param messages every record of those orders, per topic in the order of its offsets
	 * @param state each participant's rows of those orders afterwards ({@link #state})
	 */
	public record Recorded(Map<String, String> orders, Map<String, Integer> products, List<Message> messages,
			Map<String, List<String>> state) {

		/** The records of one topic. */
		public List<Message> on(String topic) {
			return this.messages.stream().filter((message) -> message.topic().equals(topic)).toList();
		}

		/** The order ids. */
		public List<UUID> orderIds() {
			return this.orders.keySet().stream().map(UUID::fromString).toList();
		}

		/** As written in history/v1/history.json. */
		public String toJson() {
			ObjectNode root = JSON.createObjectNode();
			ObjectNode orders = root.putObject("orders");
			this.orders.forEach(orders::put);
			ObjectNode products = root.putObject("products");
			this.products.forEach(products::put);
			this.messages.forEach((message) -> root.withArray("messages").add(message.toJson()));
			ObjectNode state = root.putObject("state");
			this.state.forEach((participant, rows) -> rows.forEach((row) -> state.withArray(participant).add(row)));
			return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n";
		}

	}

	/**
	 * The committed history.
	 * @return it, read from the class path
	 */
	public static Recorded read() {
		try (InputStream in = History.class.getResourceAsStream("/" + DIRECTORY + "/history.json")) {
			if (in == null) {
				throw new IllegalStateException("No " + DIRECTORY + "/history.json on the class path");
			}
			return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	static Recorded parse(String json) {
		JsonNode root = JSON.readTree(json);
		Map<String, String> orders = new LinkedHashMap<>();
		root.required("orders")
			.properties()
			.forEach((entry) -> orders.put(entry.getKey(), entry.getValue().asString()));
		Map<String, Integer> products = new LinkedHashMap<>();
		root.required("products")
			.properties()
			.forEach((entry) -> products.put(entry.getKey(), entry.getValue().asInt()));
		List<Message> messages = new ArrayList<>();
		root.required("messages")
			.forEach((line) -> messages.add(new Message(line.required("topic").asString(),
					line.required("key").asString(), line.required("value").toString())));
		Map<String, List<String>> state = new LinkedHashMap<>();
		root.required("state").properties().forEach((entry) -> {
			List<String> rows = new ArrayList<>();
			entry.getValue().forEach((row) -> rows.add(row.asString()));
			state.put(entry.getKey(), rows);
		});
		return new Recorded(orders, products, messages, state);
	}

	/**
	 * A participant's rows of some orders, as lines that compare across databases (no
	 * generated ids, no times): payments-service's ledger and refund tombstones,
	 * inventory-service's reservations and the stock of what they hold,
	 * shipping-service's shipments and tombstones.
	 * @param database a participant's database
	 * @param participant {@code payments}, {@code inventory} or {@code shipping}
	 * @param orders the orders
	 * @return the lines, in a fixed order
	 * @throws SQLException when a query fails
	 */
	public static List<String> state(Connection database, String participant, Collection<UUID> orders)
			throws SQLException {
		UUID[] ids = orders.toArray(UUID[]::new);
		return switch (participant) {
			case "payments" -> rows(database, ids,
					"SELECT 'payment ' || order_id || ' ' || type || ' ' || status || ' ' || amount || ' ' || currency "
							+ "FROM payments WHERE order_id = ANY (?) ORDER BY order_id, created_at, type",
					"SELECT 'refund-tombstone ' || order_id FROM refund_tombstones WHERE order_id = ANY (?) "
							+ "ORDER BY order_id");
			case "inventory" -> rows(database, ids,
					"SELECT 'reservation ' || r.order_id || ' ' || r.status || ' ' || coalesce(l.sku, '-') || ' ' "
							+ "|| coalesce(l.quantity::text, '-') "
							+ "FROM stock_reservations r LEFT JOIN stock_reservation_lines l ON l.order_id = r.order_id "
							+ "WHERE r.order_id = ANY (?) ORDER BY r.order_id, l.sku",
					"SELECT DISTINCT 'stock ' || p.sku || ' ' || p.available FROM products p "
							+ "JOIN stock_reservation_lines l ON l.sku = p.sku WHERE l.order_id = ANY (?) "
							+ "ORDER BY 1");
			case "shipping" -> rows(database, ids,
					"SELECT 'shipment ' || order_id || ' ' || customer_id || ' ' || status || ' ' || carrier "
							+ "FROM shipments WHERE order_id = ANY (?) ORDER BY order_id",
					"SELECT 'shipment-tombstone ' || order_id FROM shipment_tombstones WHERE order_id = ANY (?) "
							+ "ORDER BY order_id");
			default -> throw new IllegalArgumentException("No participant " + participant);
		};
	}

	/**
	 * Gives a participant's fresh database what the recorded orders found there: for
	 * inventory-service, each product with the stock it had before them.
	 * @param database the participant's database
	 * @param participant {@code payments}, {@code inventory} or {@code shipping}
	 * @param history the history
	 * @throws SQLException when an insert fails
	 */
	public static void seed(Connection database, String participant, Recorded history) throws SQLException {
		if (!participant.equals("inventory")) {
			return;
		}
		for (Map.Entry<String, Integer> product : history.products().entrySet()) {
			try (PreparedStatement insert = database.prepareStatement(
					"INSERT INTO products " + "(sku, name, price, currency, available, version, created_at) "
							+ "VALUES (?, 'Replayed', 1250, 'EUR', ?, 0, now()) ON CONFLICT (sku) DO NOTHING")) {
				insert.setString(1, product.getKey());
				insert.setInt(2, product.getValue());
				insert.executeUpdate();
			}
		}
	}

	/**
	 * The types of a participant's replies.
	 * @param participant {@code payments}, {@code inventory} or {@code shipping}
	 * @return the prefix every one of its replies' types has
	 */
	public static String repliesOf(String participant) {
		return switch (participant) {
			case "payments" -> "Payment";
			case "inventory" -> "Stock";
			case "shipping" -> "Shipment";
			default -> throw new IllegalArgumentException("No participant " + participant);
		};
	}

	/**
	 * Types in order, a type that follows itself counted once (a command the orchestrator
	 * sent again is answered again).
	 * @param types the types
	 * @return them without immediate repeats
	 */
	public static List<String> collapsed(List<String> types) {
		List<String> collapsed = new ArrayList<>();
		for (String type : types) {
			if (collapsed.isEmpty() || !collapsed.get(collapsed.size() - 1).equals(type)) {
				collapsed.add(type);
			}
		}
		return collapsed;
	}

	private static List<String> rows(Connection database, UUID[] orders, String... queries) throws SQLException {
		List<String> rows = new ArrayList<>();
		for (String query : queries) {
			try (PreparedStatement statement = database.prepareStatement(query)) {
				statement.setArray(1, database.createArrayOf("uuid", orders));
				try (ResultSet result = statement.executeQuery()) {
					while (result.next()) {
						rows.add(result.getString(1));
					}
				}
			}
		}
		return rows;
	}

}
