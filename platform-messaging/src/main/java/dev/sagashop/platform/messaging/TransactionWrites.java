package dev.sagashop.platform.messaging;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.springframework.core.Ordered;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Writes that nothing later in their transaction reads, sent to PostgreSQL together just
 * before the transaction commits: one statement and one round trip for all of them (each
 * a data-modifying {@code WITH} query of it) instead of one each. A checkout's
 * transactions write an outbox row, a journal entry, history and the saga's state this
 * way (ADR 34).
 * <p>
 * What a caller gives up by deferring a write: its effect is not visible to the
 * transaction's later statements, and its failure (a constraint) surfaces at commit,
 * rolling the whole transaction back as any failure would. So a write is deferred only
 * when nothing after it in the transaction reads what it writes or refers to it. A write
 * whose row count matters says how many rows it must touch; the flush throws what the
 * caller supplies otherwise. All the sub-statements of one statement see the same
 * snapshot and none sees another's rows, so a write to a table an earlier deferred write
 * of the statement wrote starts a statement of its own, unless both only insert.
 */
public class TransactionWrites {

	/**
	 * The order of the flush among the transaction's synchronizations: after every other
	 * {@code beforeCommit} (which may still defer writes), so {@code Ordered}'s lowest.
	 */
	static final int FLUSH_ORDER = Ordered.LOWEST_PRECEDENCE;

	/** A function's call for its effect: its name and its arguments, one expression. */
	private static final Pattern CALL = Pattern.compile("\\w+\\([^;]*\\)");

	private static final Pattern TARGET = Pattern.compile("\\s*(INSERT\\s+INTO|UPDATE|DELETE\\s+FROM)\\s+([\\w.]+)",
			Pattern.CASE_INSENSITIVE);

	/**
	 * How many statements' targets are remembered: a service defers a few constant
	 * statements (the journal's one per number of entries), parsed once each.
	 */
	private static final int REMEMBERED = 256;

	private final JdbcTemplate jdbc;

	private final Map<String, Target> targets = new ConcurrentHashMap<>();

	public TransactionWrites(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * Defers a write to the current transaction's commit.
	 * @param sql one {@code INSERT}, {@code UPDATE} or {@code DELETE}, without
	 * {@code RETURNING} and without a semicolon
	 * @param params its parameters
	 * @throws IllegalStateException outside a transaction
	 */
	public void defer(String sql, Object... params) {
		pending().add(new Write(target(sql), params, -1, null));
	}

	/**
	 * Defers a function called for its effect, such as {@code pg_notify(?, ?)}, to the
	 * statement that writes the transaction's deferred writes (the last of them, when the
	 * writes need several): it runs before the commit as it would have at once, one round
	 * trip fewer.
	 * @param call the function's call, its arguments as parameters
	 * @param params its parameters
	 * @throws IllegalStateException outside a transaction
	 */
	public void deferCall(String call, Object... params) {
		if (!CALL.matcher(call).matches()) {
			throw new IllegalArgumentException("Not one function's call: " + call);
		}
		pending().calls.add(new Call(call, params));
	}

	/**
	 * Makes sure the current transaction flushes deferred writes at its commit, for a
	 * caller that defers its own from a {@code beforeCommit} ordered before the flush: a
	 * synchronization registered while the commit runs its callbacks would not be called.
	 * @throws IllegalStateException outside a transaction
	 */
	public void join() {
		pending();
	}

	/**
	 * Defers a write whose row count is checked at the flush.
	 * @param sql as for {@link #defer(String, Object...)}
	 * @param expectedRows how many rows it must insert, update or delete
	 * @param otherwise what the flush throws when it touched another number of rows
	 * @param params its parameters
	 */
	public void deferChecked(String sql, int expectedRows, Supplier<? extends RuntimeException> otherwise,
			Object... params) {
		pending().add(new Write(target(sql), params, expectedRows, otherwise));
	}

	private Target target(String sql) {
		Target target = this.targets.get(sql);
		if (target == null) {
			target = checked(sql);
			if (this.targets.size() < REMEMBERED) {
				this.targets.put(sql, target);
			}
		}
		return target;
	}

	private static Target checked(String sql) {
		Matcher target = TARGET.matcher(sql);
		if (!target.lookingAt() || sql.toUpperCase(Locale.ROOT).contains("RETURNING") || sql.contains(";")) {
			throw new IllegalArgumentException("Not a plain INSERT, UPDATE or DELETE: " + sql);
		}
		boolean insert = target.group(1).toUpperCase(Locale.ROOT).startsWith("INSERT")
				&& !sql.toUpperCase(Locale.ROOT).contains("DO UPDATE");
		return new Target(sql, target.group(2).toLowerCase(Locale.ROOT), insert);
	}

	private Pending pending() {
		Pending pending = (Pending) TransactionSynchronizationManager.getResource(this);
		if (pending != null) {
			if (pending.flushed) {
				throw new IllegalStateException("The transaction's deferred writes were written already");
			}
			return pending;
		}
		if (!TransactionSynchronizationManager.isSynchronizationActive()) {
			throw new IllegalStateException("A deferred write needs a transaction to be written with");
		}
		Pending created = new Pending();
		new TransactionResource(this, created) {

			@Override
			public int getOrder() {
				return FLUSH_ORDER;
			}

			@Override
			public void beforeCommit(boolean readOnly) {
				created.flushed = true;
				write(created);
			}

		}.bind();
		return created;
	}

	/**
	 * Writes what was deferred: as few statements as the writes allow, usually one; the
	 * calls with the last.
	 */
	void write(Pending pending) {
		List<Write> statement = new ArrayList<>();
		for (Write write : pending) {
			if (write.repeats(statement)) {
				execute(statement, List.of());
				statement.clear();
			}
			statement.add(write);
		}
		execute(statement, pending.calls);
		pending.clear();
		pending.calls.clear();
	}

	private void execute(List<Write> writes, List<Call> calls) {
		if (writes.isEmpty() && calls.isEmpty()) {
			return;
		}
		if (writes.size() == 1 && calls.isEmpty()) {
			Write write = writes.get(0);
			write.verify(this.jdbc.update(write.target().sql(), write.params()));
			return;
		}
		StringBuilder sql = new StringBuilder();
		List<Object> params = new ArrayList<>();
		List<String> results = new ArrayList<>();
		for (int i = 0; i < writes.size(); i++) {
			Write write = writes.get(i);
			sql.append((i > 0) ? ", " : "WITH ").append("w").append(i).append(" AS (").append(write.target().sql());
			if (write.expectedRows() >= 0) {
				sql.append(" RETURNING 1");
				results.add("(SELECT count(*) FROM w" + i + ")");
			}
			sql.append(")");
			Collections.addAll(params, write.params());
		}
		sql.append(writes.isEmpty() ? "" : " ");
		List<Write> checked = writes.stream().filter((write) -> write.expectedRows() >= 0).toList();
		for (Call call : calls) {
			results.add(call.call());
			Collections.addAll(params, call.params());
		}
		sql.append("SELECT ").append(results.isEmpty() ? "0" : String.join(", ", results));
		this.jdbc.query(sql.toString(), (row) -> {
			for (int i = 0; i < checked.size(); i++) {
				checked.get(i).verify(row.getInt(i + 1));
			}
		}, params.toArray());
	}

	/** A function called for its effect, and its parameters. */
	record Call(String call, Object[] params) {

	}

	/** A write's statement, the table it writes, and whether it only inserts. */
	record Target(String sql, String table, boolean insertOnly) {

	}

	/** A transaction's deferred writes. */
	@SuppressWarnings("serial")
	static final class Pending extends ArrayList<Write> {

		private final List<Call> calls = new ArrayList<>();

		private boolean flushed;

	}

	record Write(Target target, Object[] params, int expectedRows, Supplier<? extends RuntimeException> otherwise) {

		/**
		 * Whether it must not share a statement with the earlier writes: it writes a
		 * table one of them wrote, and one of the two does more than insert (it would not
		 * see the other's rows).
		 */
		boolean repeats(List<Write> statement) {
			return statement.stream()
				.map(Write::target)
				.anyMatch((earlier) -> earlier.table().equals(this.target.table())
						&& !(earlier.insertOnly() && this.target.insertOnly()));
		}

		void verify(int rows) {
			if (this.expectedRows >= 0 && rows != this.expectedRows) {
				throw this.otherwise.get();
			}
		}

	}

}
