package dev.sagashop.systemtests;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;

import static org.awaitility.Awaitility.await;

/**
 * What the four databases hold, to prove a refused request changed nothing: the rows of
 * every table and the stock available.
 */
final class Rows {

	private Rows() {
	}

	/** Row counts of every table of the four databases, once two readings agree. */
	static Map<String, Long> quiet(Sagashop sagashop) {
		AtomicReference<Map<String, Long>> last = new AtomicReference<>(Map.of());
		await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() -> {
			Map<String, Long> now = count(sagashop);
			return now.equals(last.getAndSet(now));
		});
		return last.get();
	}

	private static Map<String, Long> count(Sagashop sagashop) throws Exception {
		Map<String, Long> rows = new TreeMap<>();
		for (String database : List.of("orders", "payments", "inventory", "shipping")) {
			try (Connection connection = DriverManager.getConnection(sagashop.jdbcUrl(database), database, database);
					Statement statement = connection.createStatement()) {
				List<String> tables = new ArrayList<>();
				try (ResultSet found = statement.executeQuery("SELECT tablename FROM pg_tables WHERE schemaname = "
						+ "'public' AND tablename <> 'flyway_schema_history'")) {
					while (found.next()) {
						tables.add(found.getString(1));
					}
				}
				for (String table : tables) {
					try (ResultSet count = statement.executeQuery("SELECT count(*) FROM " + table)) {
						count.next();
						rows.put(database + "." + table, count.getLong(1));
					}
				}
			}
		}
		try (Connection connection = DriverManager.getConnection(sagashop.jdbcUrl("inventory"), "inventory",
				"inventory");
				Statement statement = connection.createStatement();
				ResultSet stock = statement.executeQuery("SELECT coalesce(sum(available), 0) FROM products")) {
			stock.next();
			rows.put("inventory.products.available", stock.getLong(1));
		}
		return rows;
	}

}
