package dev.sagashop.loadtests;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class KeepAliveClientTest {

	private final List<String> received = new CopyOnWriteArrayList<>();

	private HttpServer server;

	@AfterEach
	void stop() {
		if (this.server != null) {
			this.server.stop(0);
		}
	}

	@Test
	void readsAnswersWithALengthAndChunkedOnesOverOneKeptConnection() throws Exception {
		URI base = serve((exchange) -> {
			String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
			this.received.add(exchange.getRemoteAddress().getPort() + " "
					+ exchange.getRequestHeaders().getFirst("Idempotency-Key") + " " + body);
			byte[] answer = ("{\"echo\":" + body + "}").getBytes(StandardCharsets.UTF_8);
			exchange.getResponseHeaders().set("Location", "/api/orders/42");
			boolean chunked = body.contains("chunked");
			exchange.sendResponseHeaders(chunked ? 503 : 202, chunked ? 0 : answer.length);
			try (OutputStream out = exchange.getResponseBody()) {
				out.write(answer);
			}
		});
		try (KeepAliveClient client = new KeepAliveClient(base, Duration.ofSeconds(5))) {
			KeepAliveClient.Response first = client.post("/api/orders", Map.of("Idempotency-Key", "k1"), "{\"a\":1}");
			KeepAliveClient.Response second = client.post("/api/orders", Map.of("Idempotency-Key", "k2"),
					"\"chunked\"");
			KeepAliveClient.Response third = client.post("/api/orders", Map.of("Idempotency-Key", "k3"), "[]");

			assertThat(first.status()).isEqualTo(202);
			assertThat(first.header("location")).isEqualTo("/api/orders/42");
			assertThat(first.body()).isEqualTo("{\"echo\":{\"a\":1}}");
			assertThat(second.status()).isEqualTo(503);
			assertThat(second.body()).isEqualTo("{\"echo\":\"chunked\"}");
			assertThat(third.body()).isEqualTo("{\"echo\":[]}");
			assertThat(client.opened()).as("connections opened").isEqualTo(1);
		}
		assertThat(this.received).extracting((line) -> line.substring(line.indexOf(' ') + 1))
			.containsExactly("k1 {\"a\":1}", "k2 \"chunked\"", "k3 []");
		assertThat(this.received).extracting((line) -> line.substring(0, line.indexOf(' ')))
			.as("one client port")
			.containsOnly(this.received.get(0).substring(0, this.received.get(0).indexOf(' ')));
	}

	@Test
	void opensANewConnectionAfterAnAnswerThatClosesIt() throws Exception {
		URI base = serve((exchange) -> {
			exchange.getRequestBody().readAllBytes();
			exchange.getResponseHeaders().set("Connection", "close");
			exchange.sendResponseHeaders(204, -1);
			exchange.close();
		});
		try (KeepAliveClient client = new KeepAliveClient(base, Duration.ofSeconds(5))) {
			assertThat(client.post("/", Map.of(), "x").status()).isEqualTo(204);
			assertThat(client.post("/", Map.of(), "y").status()).isEqualTo(204);
			assertThat(client.opened()).isEqualTo(2);
		}
	}

	@Test
	void sendsOnceMoreOnANewConnectionWhenAKeptOneWasClosedMeanwhile() throws Exception {
		// A server that answers one request a connection without saying so, then
		// closes it: the kept connection is found closed by the next request.
		CountDownLatch firstClosed = new CountDownLatch(1);
		try (ServerSocket listener = new ServerSocket(0)) {
			Thread serving = new Thread(() -> {
				for (int i = 0; i < 2; i++) {
					try (Socket socket = listener.accept()) {
						readRequest(socket);
						socket.getOutputStream()
							.write("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok".getBytes(StandardCharsets.UTF_8));
					}
					catch (IOException ex) {
						return;
					}
					firstClosed.countDown();
				}
			});
			serving.start();
			try (KeepAliveClient client = new KeepAliveClient(URI.create("http://localhost:" + listener.getLocalPort()),
					Duration.ofSeconds(5))) {
				assertThat(client.post("/", Map.of(), "1").body()).isEqualTo("ok");
				assertThat(firstClosed.await(5, TimeUnit.SECONDS)).as("the server closed the first connection")
					.isTrue();
				assertThat(client.post("/", Map.of(), "2").body()).isEqualTo("ok");
				assertThat(client.opened()).isEqualTo(2);
			}
			serving.join(5000);
		}
	}

	@Test
	void failsOnAnAnswerThatIsNotHttp() throws Exception {
		try (ServerSocket listener = new ServerSocket(0)) {
			Thread serving = new Thread(() -> {
				try (Socket socket = listener.accept()) {
					readRequest(socket);
					socket.getOutputStream().write("SSH-2.0-OpenSSH\r\n".getBytes(StandardCharsets.UTF_8));
				}
				catch (IOException ex) {
					// the test fails on its own
				}
			});
			serving.start();
			try (KeepAliveClient client = new KeepAliveClient(URI.create("http://localhost:" + listener.getLocalPort()),
					Duration.ofSeconds(5))) {
				assertThatExceptionOfType(IOException.class).isThrownBy(() -> client.post("/", Map.of(), "x"))
					.withMessageContaining("Not an HTTP/1.x status line");
			}
			serving.join(5000);
		}
	}

	/** Reads a request's head and its body of Content-Length bytes. */
	private static void readRequest(Socket socket) throws IOException {
		var in = socket.getInputStream();
		StringBuilder head = new StringBuilder();
		while (!head.toString().endsWith("\r\n\r\n")) {
			head.append((char) in.read());
		}
		String length = head.toString().replaceAll("(?s).*Content-Length: (\\d+).*", "$1");
		in.readNBytes(Integer.parseInt(length));
	}

	private URI serve(ThrowingHandler handler) throws IOException {
		this.server = HttpServer.create(new InetSocketAddress("localhost", 0), 0);
		this.server.createContext("/", (exchange) -> {
			try {
				handler.handle(exchange);
			}
			catch (IOException ex) {
				exchange.close();
			}
		});
		this.server.start();
		return URI.create("http://localhost:" + this.server.getAddress().getPort());
	}

	private interface ThrowingHandler {

		void handle(HttpExchange exchange) throws IOException;

	}

}
