package dev.sagashop.platform.messaging;

import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * State that belongs to the current transaction, bound under a key for as long as it
 * runs: unbound while a transaction started inside it ({@code REQUIRES_NEW}) runs, which
 * has its own, and when it ends. A subclass adds what else the transaction's end does.
 */
class TransactionResource implements TransactionSynchronization {

	private final Object key;

	private final Object resource;

	TransactionResource(Object key, Object resource) {
		this.key = key;
		this.resource = resource;
	}

	/**
	 * Binds the resource to the current transaction and registers its synchronization.
	 * @throws IllegalStateException outside a transaction
	 */
	void bind() {
		TransactionSynchronizationManager.bindResource(this.key, this.resource);
		TransactionSynchronizationManager.registerSynchronization(this);
	}

	@Override
	public void suspend() {
		TransactionSynchronizationManager.unbindResource(this.key);
	}

	@Override
	public void resume() {
		TransactionSynchronizationManager.bindResource(this.key, this.resource);
	}

	@Override
	public void afterCompletion(int status) {
		TransactionSynchronizationManager.unbindResourceIfPossible(this.key);
	}

}
