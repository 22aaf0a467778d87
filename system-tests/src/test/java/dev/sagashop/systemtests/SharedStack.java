package dev.sagashop.systemtests;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Starts the stack with {@code ./sagashop up} once for all system tests of the run, and
 * stops it with {@code ./sagashop down} when they are done.
 */
class SharedStack implements BeforeAllCallback {

	@Override
	public void beforeAll(ExtensionContext context) {
		context.getRoot()
			.getStore(ExtensionContext.Namespace.create(SharedStack.class))
			.computeIfAbsent("stack", (key) -> start(), Running.class);
	}

	private static Running start() {
		try {
			Sagashop sagashop = new Sagashop();
			sagashop.run("down");
			sagashop.up();
			return new Running(sagashop);
		}
		catch (Exception ex) {
			throw new IllegalStateException("Could not start the stack", ex);
		}
	}

	/**
	 * The running stack; closing the root store stops it.
	 *
	 * @param sagashop the launcher it was started with
	 */
	record Running(Sagashop sagashop) implements AutoCloseable {

		@Override
		public void close() throws Exception {
			System.out.printf("%d /api exchanges of these tests checked against the API's document%n",
					Sagashop.exchangesChecked());
			this.sagashop.run("down");
		}

	}

}
