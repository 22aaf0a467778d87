package dev.sagashop.orders.checkout;

import java.sql.Timestamp;
import java.time.Instant;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The time every instance agrees on: the database's. Deadlines are set and compared by
 * it, so an instance whose own clock runs ahead or behind neither gives up on healthy
 * sagas nor lets late ones wait.
 */
@Component
class DatabaseClock {

	private final JdbcTemplate jdbc;

	DatabaseClock(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	/** The current transaction's time, or the statement's outside one. */
	Instant now() {
		Timestamp now = this.jdbc.queryForObject("SELECT now()", Timestamp.class);
		if (now == null) {
			throw new IllegalStateException("The database returned no time");
		}
		return now.toInstant();
	}

}
