package dev.sagashop.systemtests;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Identity at the edge and in every service, on the real stack: bad tokens are 401 at the
 * gateway and directly at each service, scopes are 403, other customers' data is 404,
 * bursts are 429, and a stopped service is a 503 that heals.
 */
@ExtendWith(SharedStack.class)
class IdentityIT {

	static final Sagashop sagashop = new Sagashop();

	static final Shop shop = new Shop(sagashop);

	@ParameterizedTest(name = "{0} {1}")
	@CsvSource({ "8080, /api/orders", "8080, /api/products", "8081, /api/orders", "8082, /api/payments?orderId=",
			"8083, /api/products", "8084, /api/shipments?orderId=" })
	void refusesMissingExpiredForeignForgedAndUnsignedTokens(int port, String path) throws Exception {
		String url = path.endsWith("=") ? path + UUID.randomUUID() : path;
		RSAKey key = RSAKey.parse(Files.readString(sagashop.stateDir.resolve("auth/signing-key.json")));
		RSAKey forger = new RSAKeyGenerator(2048).keyID(key.getKeyID()).generate();
		String issuer = "http://localhost:" + sagashop.port(9000);
		Instant later = Instant.now().plus(Duration.ofMinutes(5));
		Map<String, String> bad = Map.of("expired", sign(key, issuer, Instant.now().minusSeconds(600)), "wrong issuer",
				sign(key, "http://localhost:1", later), "wrong signature", sign(forger, issuer, later), "alg none",
				unsigned(issuer, later), "garbage", "not.a.token");
		assertUnauthorized(sagashop.send(port, "GET", url, null, null), "no token");
		for (Map.Entry<String, String> token : bad.entrySet()) {
			assertUnauthorized(sagashop.send(port, "GET", url, null, token.getValue()), token.getKey());
		}
		assertThat(sagashop.send(port, "GET", url, null, sign(key, issuer, later)).statusCode())
			.as("the same token, well made")
			.isEqualTo(200);
	}

	@ParameterizedTest
	@CsvSource({ "8080", "8083" })
	void aCustomerCannotWriteTheCatalogue(int port) throws Exception {
		HttpResponse<String> response = sagashop.send(port, "POST", "/api/products",
				"{\"sku\":\"NOPE-1\",\"name\":\"x\",\"price\":1,\"currency\":\"EUR\",\"available\":1}",
				sagashop.token("alice"));
		assertThat(response.statusCode()).isEqualTo(403);
		assertThat(response.headers().firstValue("Content-Type"))
			.hasValueSatisfying((type) -> assertThat(type).startsWith("application/problem+json"));
		assertThat(sagashop.getThroughGateway("/api/products/NOPE-1").statusCode()).isEqualTo(404);
	}

	@Test
	void customersSeeOnlyTheirOwnOrdersPaymentsAndShipments() throws Exception {
		String sku = shop.newProduct(700, 5);
		UUID id = shop.order(sku, 1, "tok_visa", "DE");
		assertThat(shop.awaitFinal(id).get("customerId").asString()).isEqualTo("alice");
		for (String path : List.of("/api/orders/" + id, "/api/payments?orderId=" + id,
				"/api/shipments?orderId=" + id)) {
			HttpResponse<String> bob = sagashop.send(8080, "GET", path, null, sagashop.token("bob"));
			assertThat(bob.statusCode()).as("bob reads " + path).isEqualTo(404);
			HttpResponse<String> ops = sagashop.send(8080, "GET", path, null, sagashop.token("ops"));
			assertThat(ops.statusCode()).as("ops reads " + path).isEqualTo(200);
			assertThat(ops.body()).contains(id.toString());
		}
		assertThat(sagashop.send(8080, "GET", "/api/orders?size=100", null, sagashop.token("bob")).body())
			.doesNotContain(id.toString());
		assertThat(sagashop.getThroughGateway("/api/orders?size=100").body()).contains(id.toString());
	}

	@Test
	void aBurstAboveTheLimitIs429WithRetryAfterWhileOtherClientsGoOn() throws Exception {
		HttpClient client = Sagashop.newClient();
		// A path of no service: the gateway itself answers it (404), so the burst costs
		// the services nothing.
		HttpRequest request = HttpRequest
			.newBuilder(URI.create("http://localhost:" + sagashop.port(8080) + "/api/rate-limit-probe"))
			.header("Authorization", "Bearer " + sagashop.token("bob"))
			.timeout(Duration.ofSeconds(60))
			.build();
		// 16 requests in flight at a time: far above 100/s with 429s answered at once,
		// yet a load the services behind behave well under on two cores.
		AtomicInteger left = new AtomicInteger(600);
		List<HttpResponse<String>> answered = Collections.synchronizedList(new ArrayList<>());
		ExecutorService senders = Executors.newFixedThreadPool(16);
		try {
			List<Future<?>> running = new ArrayList<>();
			for (int i = 0; i < 16; i++) {
				running.add(senders.submit(() -> {
					while (left.getAndDecrement() > 0) {
						answered.add(client.send(request, HttpResponse.BodyHandlers.ofString()));
					}
					return null;
				}));
			}
			for (Future<?> sender : running) {
				sender.get();
			}
		}
		finally {
			senders.shutdown();
		}
		assertThat(answered).extracting(HttpResponse::statusCode).containsOnly(404, 429);
		List<HttpResponse<String>> limited = answered.stream().filter((r) -> r.statusCode() == 429).toList();
		assertThat(limited).isNotEmpty().allSatisfy((response) -> {
			assertThat(response.headers().firstValue("Retry-After"))
				.hasValueSatisfying((seconds) -> assertThat(Integer.parseInt(seconds)).isPositive());
			assertThat(response.body()).contains("\"status\":429");
		});
		assertThat(sagashop.getThroughGateway("/api/products?size=1").statusCode()).as("alice meanwhile")
			.isEqualTo(200);
		await().atMost(Duration.ofSeconds(30))
			.until(() -> client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 404);
	}

	@Test
	void aStoppedServiceAnswers503ProblemNamingItWhileOtherRoutesWork() throws Exception {
		String path = "/api/shipments?orderId=" + UUID.randomUUID();
		try {
			sagashop.kill(Map.of("shipping-service", sagashop.process("shipping-service")), true);
			long started = System.nanoTime();
			HttpResponse<String> down = sagashop.getThroughGateway(path);
			Duration took = Duration.ofNanos(System.nanoTime() - started);
			assertThat(down.statusCode()).isEqualTo(503);
			assertThat(down.headers().firstValue("Content-Type"))
				.hasValueSatisfying((type) -> assertThat(type).startsWith("application/problem+json"));
			assertThat(down.body()).contains("shipping-service");
			assertThat(took).as("answered within the route's timeout").isLessThan(Duration.ofSeconds(6));
			assertThat(sagashop.getThroughGateway("/api/products?size=1").statusCode()).isEqualTo(200);
		}
		finally {
			Sagashop.Result up = sagashop.run("up");
			assertThat(up.exitCode()).as(up.output()).isZero();
		}
		await().atMost(Duration.ofSeconds(30))
			.pollInterval(Duration.ofSeconds(1))
			.until(() -> sagashop.getThroughGateway(path).statusCode() == 200);
	}

	private static void assertUnauthorized(HttpResponse<String> response, String what) {
		assertThat(response.statusCode()).as(what + ": " + response.body()).isEqualTo(401);
		assertThat(response.headers().firstValue("WWW-Authenticate")).as(what)
			.hasValueSatisfying((header) -> assertThat(header).startsWith("Bearer"));
		assertThat(response.headers().firstValue("Content-Type")).as(what)
			.hasValueSatisfying((type) -> assertThat(type).startsWith("application/problem+json"));
	}

	private static JWTClaimsSet claims(String issuer, Instant expiresAt) {
		return new JWTClaimsSet.Builder().subject("alice")
			.issuer(issuer)
			.issueTime(Date.from(expiresAt.minus(Duration.ofMinutes(30))))
			.expirationTime(Date.from(expiresAt))
			.claim("scope", List.of("orders", "admin"))
			.build();
	}

	private static String sign(RSAKey key, String issuer, Instant expiresAt) throws Exception {
		SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(),
				claims(issuer, expiresAt));
		jwt.sign(new RSASSASigner(key));
		return jwt.serialize();
	}

	private static String unsigned(String issuer, Instant expiresAt) {
		Base64.Encoder base64 = Base64.getUrlEncoder().withoutPadding();
		return base64.encodeToString("{\"alg\":\"none\"}".getBytes()) + "."
				+ base64.encodeToString(claims(issuer, expiresAt).toString().getBytes()) + ".";
	}

}
