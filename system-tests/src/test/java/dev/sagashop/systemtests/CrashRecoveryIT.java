package dev.sagashop.systemtests;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Processes die while customers place orders, as careful clients do (an
 * {@code Idempotency-Key}, the same request again after a 5xx or a lost answer): each
 * participant, orders-service, the broker and the database are {@code kill -9}ed and kept
 * away for 30 s under load, then restarted with {@code ./sagashop up}. Afterwards every
 * order that was ever accepted exists and ends as its input says (a declined card
 * {@code PAYMENT_DECLINED}, {@code AQ} {@code SHIPPING_UNAVAILABLE}, else
 * {@code CONFIRMED}: no {@code TIMEOUT}), its key returns it again, and the contract's
 * invariants hold.
 */
@ExtendWith(SharedStack.class)
class CrashRecoveryIT {

	static final Sagashop sagashop = new Sagashop();

	static final Shop shop = new Shop(sagashop);

	static final Duration AWAY = Duration.ofSeconds(30);

	static final int STOCK = 100_000;

	/** Kills every instance of a process and keeps it away while orders keep coming. */
	@ParameterizedTest(name = "{0} away for 30 s")
	@ValueSource(strings = { "payments-service payments-service-2", "inventory-service", "shipping-service",
			"orders-service orders-service-2", "kafka", "postgres" })
	void ordersPlacedBeforeAndDuringAnOutageCompleteOnceItIsOver(String victims) throws Exception {
		String sku = shop.newProduct(1000, STOCK);
		Map<String, ProcessHandle> processes = processes(victims);
		try (Customers customers = new Customers(sku, 6)) {
			customers.awaitAccepted(12);
			sagashop.keepAway(processes, AWAY);
			sagashop.up();
			customers.awaitAccepted(customers.accepted() + 12);
			assertEveryOrderEndedAsItsInputSays(sku, customers.stop());
		}
	}

	/**
	 * One of two orders-service instances dies mid-saga; the other takes over its work.
	 */
	@Test
	void theOtherOrdersInstanceTakesOverWhenOneIsKilled() throws Exception {
		String sku = shop.newProduct(1000, STOCK);
		Map<String, ProcessHandle> processes = processes("orders-service-2");
		try (Customers customers = new Customers(sku, 6)) {
			customers.awaitAccepted(20);
			sagashop.kill(processes, true);
			customers.awaitAccepted(customers.accepted() + 20);
			sagashop.up();
			assertEveryOrderEndedAsItsInputSays(sku, customers.stop());
		}
	}

	private static Map<String, ProcessHandle> processes(String names) throws Exception {
		Map<String, ProcessHandle> processes = new LinkedHashMap<>();
		for (String name : names.split(" ")) {
			processes.put(name, sagashop.process(name));
		}
		return processes;
	}

	private static void assertEveryOrderEndedAsItsInputSays(String sku, List<Placed> orders) throws Exception {
		assertThat(orders).isNotEmpty();
		System.out.printf("%d orders accepted; the answers the customers got, by status: %s%n", orders.size(),
				shop.answers);
		shop.answers.clear();
		int confirmedUnits = 0;
		for (Placed placed : orders) {
			JsonNode order = shop.awaitFinal(placed.id());
			shop.assertInvariants(order);
			JsonNode reason = order.path("failureReason");
			assertThat(order.get("status").asString() + " " + (reason.isString() ? reason.asString() : ""))
				.as("order %s (%s)", placed.id(), placed.key())
				.isEqualTo(placed.expected());
			if ("CONFIRMED".equals(order.get("status").asString())) {
				confirmedUnits += placed.quantity();
			}
			HttpResponse<String> again = sagashop.send(8080, "POST", "/api/orders", placed.body(),
					sagashop.token("alice"), "Idempotency-Key", placed.key());
			assertThat(again.statusCode()).as("%s sent again: %s", placed.key(), again.body()).isIn(201, 202);
			assertThat(again.headers().firstValue("Location")).as("%s sent again", placed.key())
				.hasValue("/api/orders/" + placed.id());
		}
		assertThat(shop.available(sku)).as("stock left").isEqualTo(STOCK - confirmedUnits);
	}

	/**
	 * Customers placing orders back to back from a few threads, each retrying until its
	 * order is accepted: every 7th card is declined, every 9th address is {@code AQ}.
	 */
	static final class Customers implements AutoCloseable {

		private final String run = UUID.randomUUID().toString().substring(0, 8);

		private final String sku;

		private final AtomicInteger next = new AtomicInteger();

		private final AtomicBoolean stopping = new AtomicBoolean();

		private final List<Placed> placed = new ArrayList<>();

		private final ExecutorService pool;

		private final List<Future<?>> workers = new ArrayList<>();

		Customers(String sku, int threads) {
			this.sku = sku;
			this.pool = Executors.newFixedThreadPool(threads);
			for (int i = 0; i < threads; i++) {
				this.workers.add(this.pool.submit(this::placeUntilStopped));
			}
		}

		private Void placeUntilStopped() throws Exception {
			while (!this.stopping.get()) {
				int i = this.next.getAndIncrement();
				String card = (i % 7 == 6) ? "tok_chargeDeclined" : "tok_visa";
				String country = (i % 9 == 8) ? "AQ" : "DE";
				int quantity = 1 + i % 2;
				String body = Shop.orderBody(this.sku, quantity, card, country);
				String key = "crash-" + this.run + "-" + i;
				String expected = card.equals("tok_chargeDeclined") ? "REJECTED PAYMENT_DECLINED"
						: country.equals("AQ") ? "REJECTED SHIPPING_UNAVAILABLE" : "CONFIRMED ";
				UUID id = shop.placeRetrying(key, body, Duration.ofMinutes(4));
				synchronized (this.placed) {
					this.placed.add(new Placed(id, key, body, quantity, expected));
				}
			}
			return null;
		}

		int accepted() {
			synchronized (this.placed) {
				return this.placed.size();
			}
		}

		void awaitAccepted(int count) {
			await().atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofMillis(200)).until(() -> {
				for (Future<?> worker : this.workers) {
					if (worker.isDone()) {
						// A worker that failed fails the test with its reason.
						worker.get();
					}
				}
				return accepted() >= count;
			});
		}

		/** Lets every order under way be accepted, then returns all that were. */
		List<Placed> stop() throws Exception {
			this.stopping.set(true);
			for (Future<?> worker : this.workers) {
				worker.get();
			}
			synchronized (this.placed) {
				return List.copyOf(this.placed);
			}
		}

		@Override
		public void close() {
			this.stopping.set(true);
			this.pool.shutdownNow();
		}

	}

	/**
	 * An order the API accepted.
	 *
	 * @param id its id
	 * @param key the {@code Idempotency-Key} it was placed with
	 * @param body what was sent
	 * @param quantity how many units it asked for
	 * @param expected its status and failure reason once final, as its input decides
	 */
	record Placed(UUID id, String key, String body, int quantity, String expected) {
	}

}
