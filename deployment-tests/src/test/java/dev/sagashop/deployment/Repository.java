package dev.sagashop.deployment;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The repository's files, and what the tests know of its apps.
 */
final class Repository {

	static final Path HOME = Path.of(System.getProperty("sagashop.home", "..")).toAbsolutePath().normalize();

	/** The apps, each built into its own image. */
	static final List<String> APPS = List.of("gateway", "auth-server", "orders-service", "payments-service",
			"inventory-service", "shipping-service", "console");

	/**
	 * Where an app serves on its port: the console under {@code /console} (its actuator
	 * too), the others at the root.
	 * @param app the app
	 * @return its context path, empty at the root
	 */
	static String contextPath(String app) {
		return app.equals("console") ? "/console" : "";
	}

	/**
	 * The services that own a database, named after it ({@code orders-service} owns
	 * {@code orders}).
	 */
	static final List<String> DATABASES = List.of("orders", "payments", "inventory", "shipping");

	private Repository() {
	}

	static String read(String path) {
		try {
			return Files.readString(HOME.resolve(path));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	static String owner(String database) {
		return database + "-service";
	}

}
