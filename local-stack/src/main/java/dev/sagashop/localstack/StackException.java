package dev.sagashop.localstack;

import java.nio.file.Path;

/**
 * Why the stack could not start, with the log that tells more.
 */
public class StackException extends RuntimeException {

	private final transient Path log;

	public StackException(String message, Path log) {
		super(message);
		this.log = log;
	}

	/**
	 * The log file of the process that failed.
	 * @return the path, or {@code null} when no process log applies
	 */
	public Path log() {
		return this.log;
	}

}
