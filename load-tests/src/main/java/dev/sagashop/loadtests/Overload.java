package dev.sagashop.loadtests;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import static dev.sagashop.loadtests.Bench.round;

/**
 * The overload step: new orders arrive at a multiple of the rate the checkout sustained,
 * without {@code Prefer: wait}, each from a new customer who takes a {@code 503} as "not
 * now" and leaves (ADR 14). It counts what was offered, accepted, shed and what the
 * accepted orders became, and their saga's latency from the orders' own timestamps, and
 * what the stack's CPU went to: per confirmed order, beyond idle, from the first arrival
 * until the accepted orders are final (the refusals' cost counts in it), and how busy the
 * stack and the whole machine were while orders arrived. The orders are sent by a
 * {@link KeepAliveClient}, the bench's JVM being on the machine it measures.
 */
final class Overload {

	private final Stack stack;

	private final String sku;

	private final String token;

	private final Processes processes;

	private final Processes.Background background;

	private final HttpClient http = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(Duration.ofSeconds(5))
		.build();

	Overload(Stack stack, String sku, String token, Processes processes, Processes.Background background) {
		this.stack = stack;
		this.sku = sku;
		this.token = token;
		this.processes = processes;
		this.background = background;
	}

	/**
	 * Offers orders at a fixed arrival rate, then waits until the accepted ones are
	 * final.
	 * @param rate arrivals per second
	 * @param seconds how long they arrive
	 * @return what became of them
	 */
	Result run(double rate, int seconds) throws Exception {
		AtomicLong shed = new AtomicLong();
		AtomicLong failed = new AtomicLong();
		ConcurrentLinkedQueue<UUID> accepted = new ConcurrentLinkedQueue<>();
		List<CompletableFuture<Void>> sent = new ArrayList<>();
		String body = CheckoutSimulation.orderBody(this.sku);
		long interval = (long) (1e9 / rate);
		double shedAtGatewayBefore = shedAtGateway();
		ExecutorService senders = Executors.newCachedThreadPool((task) -> {
			Thread thread = new Thread(task, "overload-sender");
			thread.setDaemon(true);
			return thread;
		});
		KeepAliveClient client = new KeepAliveClient(URI.create(this.stack.url(8080)), Duration.ofSeconds(30));
		Processes.Reading cpuBefore = this.processes.read();
		long machineBefore = Stack.machineBusyMillis();
		long start = System.nanoTime();
		long offered = 0;
		for (long next = start; next < start + TimeUnit.SECONDS.toNanos(seconds); next += interval) {
			LockSupport.parkNanos(next - System.nanoTime());
			Map<String, String> headers = Map.of("Authorization", "Bearer " + this.token, "Content-Type",
					"application/json", "Idempotency-Key", UUID.randomUUID().toString());
			sent.add(CompletableFuture.runAsync(() -> {
				KeepAliveClient.Response response;
				try {
					response = client.post("/api/orders", headers, body);
				}
				catch (IOException ex) {
					failed.incrementAndGet();
					return;
				}
				String location = response.header("Location");
				if (response.status() == 202 && location != null) {
					accepted.add(UUID.fromString(location.substring(location.lastIndexOf('/') + 1)));
				}
				else if (response.status() == 503 && response.body().contains("Checkout overloaded")) {
					shed.incrementAndGet();
				}
				else {
					failed.incrementAndGet();
				}
			}, senders));
			offered++;
		}
		CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
		senders.shutdown();
		client.close();
		double offeredSeconds = (System.nanoTime() - start) / 1e9;
		Processes.Reading cpuOffered = this.processes.read();
		long machineOffered = Stack.machineBusyMillis();
		long shedAtGateway = Math.round(shedAtGateway() - shedAtGatewayBefore);
		List<Outcome> outcomes = outcomes(List.copyOf(accepted), Duration.ofMinutes(5));
		Processes.Reading cpuAfter = this.processes.read();
		double measuredSeconds = (System.nanoTime() - start) / 1e9;
		long confirmed = count(outcomes, "CONFIRMED", null);
		CpuUse cpu = CpuUse.between(cpuBefore.cpuMillis(), cpuAfter.cpuMillis(), this.background.cpuMillisPerSecond(),
				measuredSeconds, (int) Math.max(1, confirmed));
		double stackCoresBusy = Processes.Reading.stackMillis(cpuOffered.cpuMillisSince(cpuBefore)) / 1000
				/ offeredSeconds;
		double machineCoresBusy = (machineOffered - machineBefore) / 1000.0 / offeredSeconds;
		return new Result(rate, offeredSeconds, offered, accepted.size(), shed.get(), shedAtGateway, failed.get(),
				outcomes, cpu, stackCoresBusy, machineCoresBusy);
	}

	/**
	 * The new orders the gateway refused itself so far (ADR 36), from its metrics; NaN
	 * where it publishes none (counted as none).
	 */
	private double shedAtGateway() throws InterruptedException {
		HttpResponse<String> metrics;
		try {
			metrics = this.http.send(HttpRequest.newBuilder(URI.create(this.stack.url(8080) + "/actuator/prometheus"))
				.timeout(Duration.ofSeconds(10))
				.build(), HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			return Double.NaN;
		}
		return metrics.body()
			.lines()
			.filter((line) -> line.startsWith("sagashop_gateway_checkout_shed_total"))
			.mapToDouble((line) -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
			.findFirst()
			.orElse(Double.NaN);
	}

	/** Waits until every accepted order is final (or the time is up), then reads them. */
	private List<Outcome> outcomes(List<UUID> accepted, Duration atMost) throws Exception {
		long deadline = System.nanoTime() + atMost.toNanos();
		try (Connection connection = this.stack.database("orders");
				PreparedStatement read = connection.prepareStatement("SELECT status, coalesce(failure_reason, ''), "
						+ "extract(epoch FROM updated_at - created_at) * 1000 FROM orders WHERE id = ANY (?)")) {
			read.setArray(1, connection.createArrayOf("uuid", accepted.toArray()));
			while (true) {
				List<Outcome> outcomes = new ArrayList<>();
				try (ResultSet rows = read.executeQuery()) {
					while (rows.next()) {
						outcomes.add(new Outcome(rows.getString(1), rows.getString(2), rows.getDouble(3)));
					}
				}
				boolean allFinal = outcomes.stream().noneMatch((outcome) -> outcome.status().equals("PENDING"));
				if (allFinal || System.nanoTime() > deadline) {
					return outcomes;
				}
				Thread.sleep(1000);
			}
		}
	}

	/**
	 * How many orders ended with a status (and a failure reason, unless null).
	 */
	static long count(List<Outcome> outcomes, String status, String reason) {
		return outcomes.stream()
			.filter((outcome) -> outcome.status().equals(status)
					&& (reason == null || outcome.failureReason().equals(reason)))
			.count();
	}

	/**
	 * One accepted order as it ended.
	 *
	 * @param status its status
	 * @param failureReason why it was rejected, else empty
	 * @param sagaMillis placed → last change
	 */
	record Outcome(String status, String failureReason, double sagaMillis) {
	}

	/**
	 * The overload step's figures.
	 *
	 * @param rate offered arrivals per second asked for
	 * @param seconds how long orders were offered
	 * @param offered requests sent
	 * @param accepted answered 202
	 * @param shed answered 503 by admission control
	 * @param shedAtGateway of those, answered by the gateway itself (ADR 36)
	 * @param failed anything else (an error)
	 * @param outcomes what the accepted orders became
	 * @param cpu each process's CPU beyond idle per confirmed order, from the first
	 * arrival until the accepted orders were final
	 * @param stackCoresBusy the stack's processes while orders arrived (the bench's own
	 * JVM left out), in cores, idle included
	 * @param machineCoresBusy the whole machine meanwhile, in cores
	 */
	record Result(double rate, double seconds, long offered, long accepted, long shed, long shedAtGateway, long failed,
			List<Outcome> outcomes, CpuUse cpu, double stackCoresBusy, double machineCoresBusy) {

		long count(String status, String reason) {
			return Overload.count(this.outcomes, status, reason);
		}

		double sagaPercentile(double percentile) {
			double[] sorted = this.outcomes.stream()
				.filter((outcome) -> !outcome.status().equals("PENDING"))
				.mapToDouble(Outcome::sagaMillis)
				.sorted()
				.toArray();
			if (sorted.length == 0) {
				return Double.NaN;
			}
			int index = (int) Math.ceil(percentile / 100 * sorted.length) - 1;
			return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
		}

		/**
		 * The step's figures per second of offering, against the rate it is a multiple
		 * of.
		 * @param sustained the checkout's sustained rate (or its first step's)
		 */
		Figures figures(double sustained) {
			long confirmed = count("CONFIRMED", null);
			long timedOut = count("REJECTED", "TIMEOUT");
			long notFinal = count("PENDING", null);
			double sagaP99 = sagaPercentile(99);
			boolean passed = confirmed / this.seconds >= 0.8 * sustained && timedOut <= 0.01 * this.accepted
					&& sagaP99 <= 2000 && this.failed == 0 && notFinal == 0;
			return new Figures(round(this.rate), round(sustained), round(this.offered / this.seconds),
					round(this.accepted / this.seconds), round(this.shed / this.seconds),
					round(this.shedAtGateway / this.seconds), round(this.failed / this.seconds),
					round(confirmed / this.seconds), round(timedOut / this.seconds), notFinal,
					round(confirmed / this.seconds / sustained),
					round(this.accepted == 0 ? 0 : timedOut / (double) this.accepted), round(sagaPercentile(50)),
					round(sagaP99), this.cpu.perCheckout(), round(this.cpu.total()), round(this.stackCoresBusy),
					round(this.machineCoresBusy), passed);
		}

	}

	/**
	 * The overload step as reported; its bars: confirmed ≥ 80 % of the sustained rate, ≤
	 * 1 % of the accepted timed out, saga p99 ≤ 2 s, nothing failed, everything final.
	 *
	 * @param offeredRate arrivals per second asked for
	 * @param sustainedRate the rate it is a multiple of
	 * @param offeredPerSecond requests sent per second
	 * @param acceptedPerSecond answered 202
	 * @param shedPerSecond answered 503 by admission control
	 * @param shedAtGatewayPerSecond of those, answered by the gateway itself (ADR 36)
	 * @param failedPerSecond anything else
	 * @param confirmedPerSecond accepted orders that ended CONFIRMED
	 * @param timedOutPerSecond accepted orders that ended REJECTED with TIMEOUT
	 * @param notFinal accepted orders not final when the wait ended
	 * @param confirmedShareOfSustained confirmed per second over the sustained rate
	 * @param timedOutShareOfAccepted timed out over accepted
	 * @param sagaP50Ms placed → final, from the orders' own timestamps
	 * @param sagaP99Ms the same
	 * @param cpuMsPerConfirmed CPU beyond idle per confirmed order, by process, from the
	 * first arrival until the accepted orders were final: the checkout's own and what the
	 * refusals cost, against the sustained step's {@code cpuMsPerCheckout}
	 * @param cpuMsPerConfirmedTotal their sum
	 * @param cpuCoresBusy the stack's processes while orders arrived, idle included
	 * @param machineCoresBusy the whole machine meanwhile (the bench's JVM, anything
	 * else)
	 * @param passed every bar met
	 */
	record Figures(double offeredRate, double sustainedRate, double offeredPerSecond, double acceptedPerSecond,
			double shedPerSecond, double shedAtGatewayPerSecond, double failedPerSecond, double confirmedPerSecond,
			double timedOutPerSecond, long notFinal, double confirmedShareOfSustained, double timedOutShareOfAccepted,
			double sagaP50Ms, double sagaP99Ms, Map<String, Double> cpuMsPerConfirmed, double cpuMsPerConfirmedTotal,
			double cpuCoresBusy, double machineCoresBusy, boolean passed) {

	}

}
