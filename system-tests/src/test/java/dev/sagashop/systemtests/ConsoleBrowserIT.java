package dev.sagashop.systemtests;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import dev.sagashop.events.Topics;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The saga console in a real browser (headless Chromium), through the gateway as
 * ./sagashop up runs it: alice signs in on auth-server's form, places a confirmed, a
 * declined and an undeliverable order and watches each timeline end in its outcome with
 * its compensations; bob cannot open her order; ops, an admin, finds it among every saga
 * and opens it, where alice may not look; signing out ends the session. ops finds a
 * dead-lettered message, redrives it and sees it handled. Each step leaves a screenshot
 * in {@code target/screenshots/}.
 */
@ExtendWith(SharedStack.class)
class ConsoleBrowserIT {

	static final Sagashop sagashop = new Sagashop();

	static final Shop shop = new Shop(sagashop);

	static final Duration SAGA = Duration.ofSeconds(60);

	static String sku;

	@BeforeAll
	static void product() throws Exception {
		sku = shop.newProduct(1250, 10);
	}

	@Test
	void aliceWatchesAConfirmedADeclinedAndAnUndeliverableOrderEndWithTheirCompensations() throws Exception {
		try (Chromium alice = Chromium.start("alice")) {
			signIn(alice, "alice", "alice-password");

			String confirmed = place(alice, "tok_visa", "DE", "confirmed");
			assertThat(status(alice)).isEqualTo("CONFIRMED");
			assertThat(timeline(alice)).containsSubsequence("SENT ChargePayment", "RECEIVED PaymentCharged",
					"SENT ReserveStock", "RECEIVED StockReserved", "SENT ScheduleShipment",
					"RECEIVED ShipmentScheduled");
			// Beside the saga's steps: what payments-service and shipping-service
			// recorded, and
			// the checkout's own trace.
			assertThat(alice.driver.findElement(By.id("payments")).getText()).contains("CHARGE", "SUCCEEDED");
			assertThat(alice.driver.findElement(By.id("shipments")).getText()).contains("SCHEDULED");
			assertThat(alice.driver.findElement(By.id("trace")).getAttribute("href"))
				.matches("http://localhost:" + sagashop.port(9411) + "/zipkin/traces/[0-9a-f]{32}");

			place(alice, "tok_chargeDeclined", "DE", "declined");
			assertThat(status(alice)).isEqualTo("REJECTED");
			assertThat(alice.driver.findElement(By.id("failure-reason")).getText()).isEqualTo("PAYMENT_DECLINED");
			assertThat(timeline(alice)).containsSubsequence("SENT ChargePayment", "RECEIVED PaymentDeclined")
				.doesNotContain("SENT ReserveStock");

			place(alice, "tok_visa", "AQ", "undeliverable");
			assertThat(status(alice)).isEqualTo("REJECTED");
			assertThat(alice.driver.findElement(By.id("failure-reason")).getText()).isEqualTo("SHIPPING_UNAVAILABLE");
			// Both compensations sent, and both confirmed.
			assertThat(alice.driver.findElement(By.id("payments")).getText()).contains("CHARGE", "REFUND");
			assertThat(timeline(alice)).containsSubsequence("RECEIVED ShipmentRefused")
				.contains("SENT ReleaseStock", "SENT RefundPayment", "RECEIVED StockReleased",
						"RECEIVED PaymentRefunded");

			alice.driver.get(gateway("/console/"));
			List<String> listed = alice.driver.findElements(By.cssSelector("a[href*='/orders/']"))
				.stream()
				.map((link) -> link.getAttribute("href"))
				.toList();
			assertThat(listed).anySatisfy((href) -> assertThat(href).endsWith(confirmed));
			alice.screenshot("orders");

			try (Chromium bob = Chromium.start("bob")) {
				signIn(bob, "bob", "bob-password");
				bob.driver.get(gateway(confirmed));
				assertThat(bob.driver.findElement(By.tagName("h1")).getText()).isEqualTo("Not found");
				bob.screenshot("not-alices-order");
			}

			try (Chromium ops = Chromium.start("ops")) {
				signIn(ops, "ops", "ops-password");
				ops.driver.findElement(By.id("every-saga")).click();
				new Select(ops.driver.findElement(By.id("status"))).selectByValue("CONFIRMED");
				ops.driver.findElement(By.id("customerId")).sendKeys("alice");
				ops.driver.findElement(By.cssSelector("form.filters button[type=submit]")).click();
				String id = confirmed.substring(confirmed.lastIndexOf('/') + 1);
				ops.waiting(Duration.ofSeconds(10))
					.until((driver) -> !driver.findElements(By.cssSelector("tr[data-order='" + id + "']")).isEmpty());
				assertThat(ops.driver.findElements(By.cssSelector("#sagas tbody tr")))
					.allSatisfy((row) -> assertThat(row.getText()).contains("alice", "CONFIRMED"));
				ops.screenshot("every-saga");
				ops.driver.get(gateway(confirmed));
				assertThat(status(ops)).as("an admin opens anyone's order").isEqualTo("CONFIRMED");
				// and sees what inventory-service holds for it, which a customer may not.
				assertThat(ops.driver.findElement(By.id("reservations")).getText()).contains("RESERVED", "1 × " + sku);
				ops.screenshot("alices-order");
			}
			alice.driver.get(gateway("/console/sagas"));
			assertThat(alice.driver.findElement(By.tagName("h1")).getText()).isEqualTo("Not allowed");
			alice.driver.get(gateway("/console/"));
			assertThat(alice.driver.findElements(By.id("every-saga"))).as("no admin's links for alice").isEmpty();
			alice.driver.findElement(By.cssSelector("form[action$='/logout'] button")).click();
			alice.waiting(Duration.ofSeconds(10)).until((driver) -> driver.getCurrentUrl().endsWith("/signed-out"));
			alice.screenshot("signed-out");
		}
	}

	/**
	 * ops finds a dead-lettered charge (the test parks one, as the error handler parks a
	 * message it gave up on), reads why it failed, redrives it from its page, and sees it
	 * handled: decided once, and the charge made by payments-service.
	 */
	@Test
	void opsFindsADeadLetterRedrivesItAndSeesItHandled() throws Exception {
		UUID orderId = UUID.randomUUID();
		park(orderId);
		try (Chromium ops = Chromium.start("ops-dead-letters")) {
			signIn(ops, "ops", "ops-password");
			By row = By.cssSelector("tr[data-order='" + orderId + "']");
			ops.waiting(Duration.ofSeconds(30)).until((driver) -> {
				driver.get(gateway("/console/dead-letters"));
				return !driver.findElements(row).isEmpty();
			});
			WebElement letter = ops.driver.findElement(row);
			assertThat(letter.getText()).contains("payments-service", "ChargePayment",
					"Simulated: the card network was away");
			ops.screenshot("dead-letters");
			letter.findElement(By.tagName("a")).click();
			assertThat(ops.driver.findElement(By.id("payload")).getText()).contains(orderId.toString(), "tok_visa");
			ops.screenshot("dead-letter");
			ops.driver.findElement(By.id("redrive")).click();
			ops.waiting(Duration.ofSeconds(20))
				.until((driver) -> driver.getCurrentUrl().endsWith("/console/dead-letters"));
			assertThat(ops.driver.findElement(By.id("outcome")).getText()).endsWith("redriven.");
			assertThat(ops.driver.findElement(row).findElement(By.className("decision")).getText())
				.isEqualTo("REDRIVEN by ops");
			ops.screenshot("redriven");
			// Handled: payments-service charged it.
			await().atMost(Duration.ofSeconds(30))
				.untilAsserted(() -> assertThat(
						sagashop.send(8080, "GET", "/api/payments?orderId=" + orderId, null, sagashop.token("ops"))
							.body())
					.contains("\"type\":\"CHARGE\"", "\"status\":\"SUCCEEDED\"", "\"amount\":1800"));
			// Its page offers no second decision.
			ops.driver.findElement(row).findElement(By.tagName("a")).click();
			assertThat(ops.driver.findElements(By.id("redrive"))).isEmpty();
		}
	}

	/**
	 * Parks a charge on payments-service's dead-letter topic, as its error handler would.
	 */
	private static void park(UUID orderId) throws Exception {
		String charge = """
				{"messageId":"%s","orderId":"%s","type":"ChargePayment","version":1,
				 "occurredAt":"%s","correlationId":null,
				 "payload":{"orderId":"%s","customerId":"alice","amount":1800,"currency":"EUR","cardToken":"tok_visa"}}"""
			.formatted(UUID.randomUUID(), orderId, Instant.now(), orderId);
		shop.park(Topics.PAYMENT_COMMANDS, orderId.toString(), charge, "Simulated: the card network was away");
	}

	private static void signIn(Chromium browser, String user, String password) {
		browser.driver.get(gateway("/console/"));
		// auth-server's sign-in form, on its own address.
		browser.waiting(Duration.ofSeconds(20))
			.until((driver) -> driver.getCurrentUrl().startsWith("http://localhost:" + sagashop.port(9000) + "/login"));
		browser.driver.findElement(By.id("username")).sendKeys(user);
		browser.driver.findElement(By.id("password")).sendKeys(password);
		browser.screenshot("sign-in");
		browser.driver.findElement(By.cssSelector("button[type=submit]")).click();
		browser.waiting(Duration.ofSeconds(20))
			.until((driver) -> driver.getCurrentUrl().startsWith(gateway("/console/"))
					&& !driver.findElements(By.cssSelector("header")).isEmpty());
		assertThat(browser.driver.findElement(By.tagName("header")).getText()).contains(user);
		browser.screenshot("signed-in");
	}

	/** Places an order from the console's form and waits for its saga to end. */
	private static String place(Chromium browser, String card, String country, String what) {
		browser.driver.get(gateway("/console/place?sku=" + sku));
		assertThat(new Select(browser.driver.findElement(By.id("sku"))).getFirstSelectedOption().getAttribute("value"))
			.isEqualTo(sku);
		new Select(browser.driver.findElement(By.id("cardToken"))).selectByValue(card);
		new Select(browser.driver.findElement(By.id("country"))).selectByValue(country);
		WebElement quantity = browser.driver.findElement(By.id("quantity"));
		quantity.clear();
		quantity.sendKeys("1");
		browser.screenshot("place-" + what);
		browser.driver.findElement(By.cssSelector("form.place button[type=submit]")).click();
		browser.waiting(Duration.ofSeconds(20)).until((driver) -> driver.getCurrentUrl().contains("/console/orders/"));
		String page = browser.driver.getCurrentUrl().substring(gateway("").length());
		// The page reloads itself every 2 s while the saga runs.
		browser.waiting(SAGA).until((driver) -> !status(browser).equals("PENDING"));
		browser.screenshot(what);
		return page;
	}

	private static String status(Chromium browser) {
		return browser.driver.findElement(By.id("status")).getText();
	}

	/** The timeline's steps as "KIND Type". */
	private static List<String> timeline(Chromium browser) {
		return browser.driver.findElements(By.cssSelector("ol.timeline li"))
			.stream()
			.map((step) -> step.findElement(By.className("kind")).getText() + " "
					+ step.findElement(By.className("type")).getText())
			.toList();
	}

	private static String gateway(String path) {
		return "http://localhost:" + sagashop.port(8080) + path;
	}

}
