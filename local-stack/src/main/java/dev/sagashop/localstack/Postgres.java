package dev.sagashop.localstack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * The stack's PostgreSQL: embedded (zonky's binaries from Maven Central, data under the
 * state directory), in a container ({@link DockerContainer}) or an existing server.
 * Either way each service gets a role and a database of its own, and no role may connect
 * to another's database.
 */
final class Postgres implements StackProcess {

	/** Every service's role and database are named after it; the local password too. */
	static final List<String> SERVICE_DATABASES = List.of("orders", "payments", "inventory", "shipping");

	static final String NAME = "postgres";

	private final StackConfig config;

	Postgres(StackConfig config) {
		this.config = config;
	}

	@Override
	public String name() {
		return NAME;
	}

	@Override
	public String title() {
		return "PostgreSQL";
	}

	@Override
	public String url() {
		return jdbcUrl("<service>");
	}

	@Override
	public List<Integer> ports() {
		return this.config.externalPostgres().isPresent() ? List.of() : List.of(this.config.ports().postgres());
	}

	/** Always: {@link #start()} returns once the server answers. */
	@Override
	public boolean isReady() {
		return true;
	}

	@Override
	public boolean stop(ManagedProcess process) {
		return stop(process, Duration.ofSeconds(60));
	}

	/** The host:port the services connect to. */
	String hostAndPort() {
		return this.config.externalPostgres()
			.map(StackConfig.ExternalPostgres::host)
			.orElse("localhost:" + this.config.ports().postgres());
	}

	String jdbcUrl(String database) {
		return "jdbc:postgresql://" + hostAndPort() + "/" + database;
	}

	/**
	 * Starts the embedded server unless one is configured, then creates what is missing.
	 * @return the embedded server's process, empty for an external server
	 * @throws StackException when the server cannot start or be provisioned
	 */
	@Override
	public Optional<ManagedProcess> start() {
		if (this.config.externalPostgres().isPresent()) {
			StackConfig.ExternalPostgres external = this.config.externalPostgres().get();
			provision(external.jdbcUrl(), external.user(), external.password());
			return Optional.empty();
		}
		Path data = dataDirectory();
		Path log = this.config.logs().resolve(NAME + ".log");
		String password = superuserPassword();
		String adminUrl = "jdbc:postgresql://localhost:" + this.config.ports().postgres() + "/postgres";
		if (this.config.containers()) {
			ManagedProcess container = DockerContainer.of(this.config, NAME, "/var/lib/postgresql/data")
				.run(this.config, Map.of("POSTGRES_PASSWORD", password), serverCommand(), log);
			// The image asks every TCP connection for its role's password already.
			awaitConnection(adminUrl, password, log);
			secureServer(adminUrl, password);
			provision(adminUrl, "postgres", password);
			return Optional.of(container);
		}
		try {
			Files.createDirectories(this.config.logs());
			EmbeddedPostgres.builder()
				.setDataDirectory(data)
				.setCleanDataDirectory(false)
				.setRegisterShutdownHook(false)
				.setOverrideWorkingDirectory(this.config.stateDir().resolve("postgres-binaries").toFile())
				.setPort(this.config.ports().postgres())
				.setServerConfig("listen_addresses", "localhost")
				.setServerConfig("max_connections", "200")
				// PostgreSQL's own defaults, which zonky's builder turns off: a commit a
				// client, Kafka or another service has acted on must survive a kill -9.
				.setServerConfig("fsync", "on")
				.setServerConfig("synchronous_commit", "on")
				.setServerConfig("full_page_writes", "on")
				.setConnectConfig("password", password)
				.setOutputRedirector(ProcessBuilder.Redirect.appendTo(log.toFile()))
				.setErrorRedirector(ProcessBuilder.Redirect.appendTo(log.toFile()))
				.setPGStartupWait(Duration.ofSeconds(60))
				.start();
		}
		catch (IOException | RuntimeException ex) {
			throw new StackException(
					"Embedded PostgreSQL did not start: " + rootMessage(ex) + ".\n" + "  As root it runs under "
							+ "`unshare -U` and needs user namespaces: check that `unshare -U id` works.\n"
							+ "  Or use a PostgreSQL you already run: set SAGASHOP_POSTGRES_URL (e.g. "
							+ "jdbc:postgresql://localhost:5432/postgres), SAGASHOP_POSTGRES_USER and "
							+ "SAGASHOP_POSTGRES_PASSWORD (a role that may create roles and databases), and run "
							+ "./sagashop up again; see README.md, \"Using your own PostgreSQL\".",
					log);
		}
		secureServer(adminUrl, password);
		provision(adminUrl, "postgres", password);
		requirePasswords(adminUrl, password);
		long pid = postmasterPid(data);
		ProcessHandle handle = ProcessHandle.of(pid)
			.orElseThrow(
					() -> new StackException("PostgreSQL started but its postmaster (pid " + pid + ") is gone", log));
		return Optional.of(ManagedProcess.of(NAME, handle, jdbcUrl("<service>"), log));
	}

	/** The container's server, set as the embedded one is. */
	private List<String> serverCommand() {
		return List.of("postgres", "-c", "port=" + this.config.ports().postgres(), "-c", "listen_addresses=localhost",
				"-c", "max_connections=200", "-c", "fsync=on", "-c", "synchronous_commit=on", "-c",
				"full_page_writes=on");
	}

	/** A new container initialises its cluster first: a few seconds. */
	private static void awaitConnection(String adminUrl, String password, Path log) {
		long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
		while (true) {
			try (Connection connection = DriverManager.getConnection(adminUrl, "postgres", password)) {
				return;
			}
			catch (SQLException ex) {
				if (System.nanoTime() > deadline) {
					throw new StackException("PostgreSQL's container did not accept connections: " + ex.getMessage(),
							log);
				}
			}
			try {
				Thread.sleep(250);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new StackException("Interrupted while waiting for PostgreSQL's container", log);
			}
		}
	}

	private Path dataDirectory() {
		return this.config.stateDir().resolve("postgres/data");
	}

	/**
	 * The superuser's password, made once per state directory and kept readable only by
	 * its owner.
	 */
	private String superuserPassword() {
		Path file = this.config.stateDir().resolve("postgres/superuser-password");
		try {
			if (Files.exists(file)) {
				return Files.readString(file).trim();
			}
			Files.createDirectories(file.getParent());
			byte[] random = new byte[18];
			new SecureRandom().nextBytes(random);
			String password = HexFormat.of().formatHex(random);
			Files.writeString(file, password);
			Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
			return password;
		}
		catch (IOException ex) {
			throw new StackException("Cannot keep the PostgreSQL superuser password in " + file + ": " + ex, null);
		}
	}

	/**
	 * Creates each service's role and database when missing and keeps every other role
	 * out of it. Runs on every {@code up}, so it also repairs a half-provisioned server.
	 */
	static void provision(String adminUrl, String user, String password, List<String> databases) {
		try (Connection connection = DriverManager.getConnection(adminUrl, user, password);
				Statement statement = connection.createStatement()) {
			for (String name : databases) {
				if (!exists(connection, "SELECT 1 FROM pg_roles WHERE rolname = ?", name)) {
					statement.execute("CREATE ROLE " + name + " LOGIN PASSWORD " + quoteLiteral(name));
				}
				if (!exists(connection, "SELECT 1 FROM pg_database WHERE datname = ?", name)) {
					statement.execute("CREATE DATABASE " + name + " OWNER " + name);
				}
				statement.execute("REVOKE ALL ON DATABASE " + name + " FROM PUBLIC");
				statement.execute("GRANT ALL ON DATABASE " + name + " TO " + name);
			}
		}
		catch (SQLException ex) {
			throw new StackException("Cannot create the services' roles and databases at " + adminUrl + " as " + user
					+ ": " + ex.getMessage(), null);
		}
	}

	private void provision(String adminUrl, String user, String password) {
		provision(adminUrl, user, password, SERVICE_DATABASES);
	}

	/**
	 * initdb trusts every local connection; from the first start on, every connection
	 * needs its role's password, so that roles are real boundaries.
	 */
	/**
	 * Locks the embedded server down: the superuser gets its password, and the
	 * maintenance databases, open to every role by default, are closed to the services'
	 * roles.
	 */
	private static void secureServer(String adminUrl, String password) {
		try (Connection connection = DriverManager.getConnection(adminUrl, "postgres", password);
				Statement statement = connection.createStatement()) {
			statement.execute("ALTER ROLE postgres PASSWORD " + quoteLiteral(password));
			statement.execute("REVOKE ALL ON DATABASE postgres FROM PUBLIC");
			statement.execute("REVOKE ALL ON DATABASE template1 FROM PUBLIC");
		}
		catch (SQLException ex) {
			throw new StackException("Cannot secure the embedded PostgreSQL: " + ex.getMessage(), null);
		}
	}

	private void requirePasswords(String adminUrl, String password) {
		Path hba = dataDirectory().resolve("pg_hba.conf");
		String wanted = """
				# Written by ./sagashop: every connection needs its role's password.
				local all all scram-sha-256
				host  all all 127.0.0.1/32 scram-sha-256
				host  all all ::1/128 scram-sha-256
				""";
		try {
			if (!Files.readString(hba).equals(wanted)) {
				Files.writeString(hba, wanted);
				try (Connection connection = DriverManager.getConnection(adminUrl, "postgres", password);
						Statement statement = connection.createStatement()) {
					statement.execute("SELECT pg_reload_conf()");
				}
			}
		}
		catch (IOException | SQLException ex) {
			throw new StackException("Cannot require passwords in " + hba + ": " + ex.getMessage(), null);
		}
	}

	private static long postmasterPid(Path data) {
		try {
			return Long.parseLong(Files.readAllLines(data.resolve("postmaster.pid")).get(0).trim());
		}
		catch (IOException | RuntimeException ex) {
			throw new StackException("PostgreSQL started but wrote no readable postmaster.pid: " + ex, null);
		}
	}

	/**
	 * Stops the embedded server with a fast shutdown (SIGINT: active transactions roll
	 * back, the data stays consistent).
	 */
	static boolean stop(ManagedProcess process, Duration grace) {
		Optional<ProcessHandle> handle = process.handle();
		if (handle.isEmpty()) {
			return true;
		}
		try {
			new ProcessBuilder("kill", "-INT", Long.toString(process.pid())).inheritIO().start().waitFor();
		}
		catch (IOException ex) {
			handle.get().destroy();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		return ManagedProcess.awaitExit(handle.get(), grace);
	}

	private static boolean exists(Connection connection, String sql, String name) throws SQLException {
		try (PreparedStatement query = connection.prepareStatement(sql)) {
			query.setString(1, name);
			return query.executeQuery().next();
		}
	}

	private static String quoteLiteral(String value) {
		return "'" + value.replace("'", "''") + "'";
	}

	private static String rootMessage(Throwable ex) {
		Throwable cause = ex;
		while (cause.getCause() != null) {
			cause = cause.getCause();
		}
		return cause == ex ? String.valueOf(ex.getMessage()) : ex.getMessage() + " (" + cause.getMessage() + ")";
	}

}
