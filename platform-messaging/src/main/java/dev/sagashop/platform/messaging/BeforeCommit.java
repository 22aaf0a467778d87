package dev.sagashop.platform.messaging;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Rows a transaction collects and writes in one statement just before it commits: a
 * transaction that handles a poll of several messages writes their outbox rows (or
 * journal entries) together rather than one statement each. What is added after the rows
 * were written, in the same commit, is not written; nothing adds then.
 *
 * @param <T> what is collected
 */
public final class BeforeCommit<T> {

	private final String outsideATransaction;

	private final Consumer<List<T>> write;

	private final Consumer<List<T>> committed;

	/**
	 * @param outsideATransaction the message of the exception an add outside a
	 * transaction throws
	 * @param write writes what the transaction collected (never empty), before it commits
	 * @param committed what to do with it once the transaction committed
	 */
	public BeforeCommit(String outsideATransaction, Consumer<List<T>> write, Consumer<List<T>> committed) {
		this.outsideATransaction = outsideATransaction;
		this.write = write;
		this.committed = committed;
	}

	/**
	 * Adds to the current transaction's rows.
	 * @param item what to write
	 * @throws IllegalStateException outside a transaction
	 */
	public void add(T item) {
		pending().add(item);
	}

	@SuppressWarnings("unchecked")
	private List<T> pending() {
		List<T> pending = (List<T>) TransactionSynchronizationManager.getResource(this);
		if (pending != null) {
			return pending;
		}
		if (!TransactionSynchronizationManager.isSynchronizationActive()) {
			throw new IllegalStateException(this.outsideATransaction);
		}
		List<T> created = new ArrayList<>();
		TransactionSynchronizationManager.bindResource(this, created);
		TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {

			@Override
			public void beforeCommit(boolean readOnly) {
				BeforeCommit.this.write.accept(created);
			}

			@Override
			public void afterCommit() {
				BeforeCommit.this.committed.accept(created);
			}

			@Override
			public void afterCompletion(int status) {
				TransactionSynchronizationManager.unbindResourceIfPossible(BeforeCommit.this);
			}

		});
		return created;
	}

}
