package dev.sagashop.gateway;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

import dev.sagashop.testsupport.TestTokens;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A client that keeps its connection open gets every answer. The gateway once made a
 * session for each request, which moved a refusal's answer off the event loop; the
 * client's next request then raced the end of the previous one, and Reactor Netty 1.3.6
 * stopped reading the connection: the request hung until the client gave up (ADR 20).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class KeepAliveTest {

	@LocalServerPort
	int port;

	@DynamicPropertySource
	static void keys(DynamicPropertyRegistry registry) {
		registry.add("sagashop.auth.jwk-set-uri", () -> TestTokens.get().jwkSetUri());
	}

	@Test
	void answersEveryRefusalOnOneKeepAliveConnection() throws Exception {
		HttpClient oneConnection = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
		List<String> tokens = Arrays.asList(null, TestTokens.get().expired("alice", "orders"), "not.a.token");
		for (int i = 0; i < 300; i++) {
			for (String token : tokens) {
				HttpRequest.Builder request = HttpRequest
					.newBuilder(URI.create("http://localhost:" + this.port + "/api/orders"))
					.timeout(Duration.ofSeconds(5));
				if (token != null) {
					request.header("Authorization", "Bearer " + token);
				}
				HttpResponse<Void> response = oneConnection.send(request.build(),
						HttpResponse.BodyHandlers.discarding());
				assertThat(response.statusCode()).as("request %d with %s", i, token).isIn(401, 429);
			}
		}
	}

}
