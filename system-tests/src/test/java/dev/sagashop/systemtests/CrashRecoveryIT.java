package dev.sagashop.systemtests;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Processes die while orders are in flight: {@code kill -9} of each service in turn, and
 * the broker stopped for 20 s under load. After a restart with {@code ./sagashop up},
 * every order must become final, no money may be kept for a rejected order nor charged
 * twice, and the stock must match the confirmed orders.
 */
@ExtendWith(SharedStack.class)
class CrashRecoveryIT {

	static final Sagashop sagashop = new Sagashop();

	static final Shop shop = new Shop(sagashop);

	static final int STOCK = 40;

	/**
	 * Kills every instance of a service, or one of two (the other takes over its Kafka
	 * partitions and its sagas' deadlines).
	 */
	@ParameterizedTest
	@ValueSource(strings = { "payments-service payments-service-2", "inventory-service", "shipping-service",
			"orders-service orders-service-2", "orders-service-2" })
	void everyOrderEndsFinalAndConsistentWhenAServiceIsKilledMidSaga(String victims) throws Exception {
		String sku = shop.newProduct(1000, STOCK);
		Map<String, ProcessHandle> processes = new LinkedHashMap<>();
		for (String victim : victims.split(" ")) {
			processes.put(victim, sagashop.process(victim));
		}
		// A participant dies half-way through the orders, so the later ones wait for it;
		// orders-service dies once all are accepted (it answers the POSTs).
		int killAfter = victims.startsWith("orders-service") ? 50 : 25;
		List<Placed> orders = placeConcurrently(sku, 50, killAfter, () -> sagashop.kill(processes, true));
		restart();
		assertEveryOrderFinalAndConsistent(sku, orders);
	}

	@Test
	void everyOrderEndsFinalAndConsistentWhenKafkaIsAwayFor20Seconds() throws Exception {
		String sku = shop.newProduct(1000, STOCK);
		Map<String, ProcessHandle> broker = Map.of("kafka", sagashop.process("kafka"));
		long[] away = new long[1];
		// Orders are still accepted while the broker is away: their commands wait in the
		// outbox.
		List<Placed> orders;
		try {
			orders = placeConcurrently(sku, 40, 20, () -> {
				sagashop.kill(broker, false);
				away[0] = System.nanoTime();
			});
			Duration left = Duration.ofSeconds(20).minusNanos(System.nanoTime() - away[0]);
			if (!left.isNegative()) {
				await().during(left)
					.atMost(left.plusSeconds(30))
					.pollInterval(Duration.ofSeconds(2))
					.until(() -> !sagashop.run("status").runningPids().containsKey("kafka"));
			}
		}
		finally {
			restart();
		}
		assertEveryOrderFinalAndConsistent(sku, orders);
	}

	private static void restart() throws Exception {
		Sagashop.Result up = sagashop.run("up");
		assertThat(up.exitCode()).as(up.output()).isZero();
	}

	/**
	 * Places orders from 10 threads, happy ones with a declined card every 7th and an
	 * undeliverable address every 9th, and runs the crash once {@code crashAfter} of them
	 * are accepted while the others are still being placed.
	 */
	private static List<Placed> placeConcurrently(String sku, int count, int crashAfter, Crash crash) throws Exception {
		AtomicInteger accepted = new AtomicInteger();
		List<Callable<Placed>> calls = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			String card = (i % 7 == 6) ? "tok_chargeDeclined" : "tok_visa";
			String country = (i % 9 == 8) ? "AQ" : "DE";
			int quantity = 1 + i % 2;
			calls.add(() -> {
				Placed placed = new Placed(shop.order(sku, quantity, card, country), quantity);
				accepted.incrementAndGet();
				return placed;
			});
		}
		ExecutorService pool = Executors.newFixedThreadPool(10);
		try {
			List<Future<Placed>> futures = calls.stream().map(pool::submit).toList();
			await().atMost(Duration.ofSeconds(120)).until(() -> accepted.get() >= crashAfter);
			crash.run();
			List<Placed> placed = new ArrayList<>();
			for (Future<Placed> order : futures) {
				placed.add(order.get());
			}
			return placed;
		}
		finally {
			pool.shutdown();
		}
	}

	private static void assertEveryOrderFinalAndConsistent(String sku, List<Placed> orders) throws Exception {
		int confirmedUnits = 0;
		for (Placed placed : orders) {
			JsonNode order = shop.awaitFinal(placed.id());
			shop.assertInvariants(order);
			if ("CONFIRMED".equals(order.get("status").asString())) {
				confirmedUnits += placed.quantity();
			}
		}
		assertThat(shop.available(sku)).as("stock left").isEqualTo(STOCK - confirmedUnits);
	}

	/** Whatever takes a process down. */
	@FunctionalInterface
	interface Crash {

		void run() throws Exception;

	}

	/**
	 * An order the API accepted.
	 *
	 * @param id its id
	 * @param quantity how many units it asked for
	 */
	record Placed(UUID id, int quantity) {
	}

}
