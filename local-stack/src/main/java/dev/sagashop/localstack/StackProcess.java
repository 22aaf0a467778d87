package dev.sagashop.localstack;

import java.util.List;
import java.util.Optional;

/**
 * One process of the stack as {@code up}, {@code status} and {@code down} handle it:
 * PostgreSQL, the Kafka broker, Zipkin, each app. {@code up} starts the first of the
 * stack's list on its own (the apps need their databases to start) and the rest side by
 * side, and waits until each is ready; {@code down} stops them in the opposite order, the
 * apps side by side.
 */
interface StackProcess {

	/** Its name in the stack, e.g. {@code orders-service}. */
	String name();

	/** Where it serves, as {@code status} shows it. */
	String url();

	/**
	 * The TCP ports it listens on: {@code up} does not start it while another process
	 * answers on one of them, since that one would answer for it.
	 */
	List<Integer> ports();

	/** How {@code up} calls it while it starts, e.g. {@code PostgreSQL}. */
	default String title() {
		return name();
	}

	/**
	 * Anything slow it needs before it starts, done for all the processes side by side
	 * before any starts.
	 */
	default void prepare() {
	}

	/**
	 * Starts it, detached from the launcher.
	 * @return the process, empty when nothing had to be started (a PostgreSQL server of
	 * the user's)
	 * @throws StackException when it cannot start
	 */
	Optional<ManagedProcess> start();

	/** Whether it serves yet; asked every half second until it does. */
	boolean isReady();

	/**
	 * Stops it the way it needs to be stopped.
	 * @param process what {@link #start()} started
	 * @return whether it stopped within its grace period (else it was killed)
	 */
	boolean stop(ManagedProcess process);

}
