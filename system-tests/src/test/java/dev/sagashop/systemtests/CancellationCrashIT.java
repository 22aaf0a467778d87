package dev.sagashop.systemtests;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Processes die while 30 cancellations are in flight: 20 of confirmed orders (the
 * cancellation saga) and 10 of orders cancelled as soon as they are accepted (mostly
 * still in their checkout). Each participant, and both orders-service instances, are
 * {@code kill -9}ed once the first cancellations are accepted, kept away for 10 s and
 * restarted. Afterwards every order is {@code CANCELLED} and the contract's invariants
 * hold: nothing paid, no shipment left, all stock back.
 */
@ExtendWith(SharedStack.class)
class CancellationCrashIT {

	static final Sagashop sagashop = new Sagashop();

	static final Shop shop = new Shop(sagashop);

	static final Duration AWAY = Duration.ofSeconds(10);

	static final int STOCK = 1_000;

	@ParameterizedTest(name = "{0} killed with 30 cancellations in flight")
	@ValueSource(strings = { "payments-service payments-service-2", "inventory-service", "shipping-service",
			"orders-service orders-service-2" })
	void everyCancellationEndsCancelledAfterACrash(String victims) throws Exception {
		String sku = shop.newProduct(700, STOCK);
		List<UUID> confirmed = new ArrayList<>();
		for (int i = 0; i < 20; i++) {
			confirmed.add(shop.order(sku, 1 + i % 2, "tok_visa", "DE"));
		}
		for (UUID id : confirmed) {
			assertThat(shop.awaitFinal(id).get("status").asString()).isEqualTo("CONFIRMED");
		}
		Map<String, ProcessHandle> processes = new LinkedHashMap<>();
		for (String name : victims.split(" ")) {
			processes.put(name, sagashop.process(name));
		}
		CountDownLatch firstAccepted = new CountDownLatch(5);
		ExecutorService pool = Executors.newFixedThreadPool(10);
		List<Future<UUID>> cancellations = new ArrayList<>();
		try {
			for (UUID id : confirmed) {
				cancellations.add(pool.submit(() -> cancelRetrying(id, firstAccepted)));
			}
			for (int i = 0; i < 10; i++) {
				cancellations
					.add(pool.submit(() -> cancelRetrying(shop.order(sku, 1, "tok_visa", "DE"), firstAccepted)));
			}
			assertThat(firstAccepted.await(60, TimeUnit.SECONDS)).as("first cancellations accepted").isTrue();
			sagashop.keepAway(processes, AWAY);
			sagashop.up();
			List<UUID> cancelled = new ArrayList<>();
			for (Future<UUID> cancellation : cancellations) {
				cancelled.add(cancellation.get(4, TimeUnit.MINUTES));
			}
			for (UUID id : cancelled) {
				JsonNode order = shop.awaitFinal(id);
				assertThat(order.get("status").asString()).as("order %s after %s died", id, victims)
					.isEqualTo("CANCELLED");
				shop.assertInvariants(order);
			}
			assertThat(shop.available(sku)).as("stock after %s died", victims).isEqualTo(STOCK);
		}
		finally {
			pool.shutdownNow();
		}
	}

	/**
	 * Cancels as a careful client does: the same request again after a 5xx or a lost
	 * answer (the request is idempotent by itself), until it is accepted.
	 */
	private static UUID cancelRetrying(UUID id, CountDownLatch accepted) {
		AtomicReference<String> last = new AtomicReference<>("nothing sent");
		try {
			await("cancel of " + id).atMost(Duration.ofMinutes(3))
				.pollDelay(Duration.ZERO)
				.pollInterval(Duration.ofMillis(500))
				.until(() -> cancelAccepted(id, last));
		}
		catch (ConditionTimeoutException ex) {
			throw new AssertionError("Cancel of " + id + " not accepted in 3 min; last: " + last.get(), ex);
		}
		accepted.countDown();
		return id;
	}

	/**
	 * One try: whether the cancellation was accepted; a 5xx or a lost answer is noted in
	 * {@code last}, anything else fails the test.
	 */
	private static boolean cancelAccepted(UUID id, AtomicReference<String> last) throws Exception {
		try {
			HttpResponse<String> response = shop.cancel(id, "alice");
			if (response.statusCode() == 200 || response.statusCode() == 202) {
				return true;
			}
			assertThat(response.statusCode()).as("cancel of %s: %s", id, response.body()).isIn(500, 502, 503, 504);
			last.set(response.statusCode() + " " + response.body());
		}
		catch (IOException ex) {
			last.set("lost answer: " + ex);
		}
		return false;
	}

}
