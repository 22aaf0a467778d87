package dev.sagashop.orders;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

import com.sun.net.httpserver.HttpServer;

/**
 * A catalogue for tests of orders-service alone: every sku costs 1000 EUR, except those
 * starting with {@code UNKNOWN}, which do not exist.
 */
public final class StandInCatalogue implements AutoCloseable {

	private final HttpServer server;

	private StandInCatalogue(HttpServer server) {
		this.server = server;
	}

	public static StandInCatalogue start() {
		try {
			HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
			server.createContext("/api/products/", (exchange) -> {
				String sku = exchange.getRequestURI().getPath().substring("/api/products/".length());
				if (sku.startsWith("UNKNOWN")) {
					exchange.sendResponseHeaders(404, -1);
					exchange.close();
					return;
				}
				byte[] body = ("{\"sku\":\"" + sku + "\",\"price\":1000,\"currency\":\"EUR\"}")
					.getBytes(StandardCharsets.UTF_8);
				exchange.getResponseHeaders().set("Content-Type", "application/json");
				exchange.sendResponseHeaders(200, body.length);
				exchange.getResponseBody().write(body);
				exchange.close();
			});
			server.start();
			return new StandInCatalogue(server);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** Where orders-service finds it ({@code sagashop.inventory.url}). */
	public String url() {
		return "http://127.0.0.1:" + this.server.getAddress().getPort();
	}

	@Override
	public void close() {
		this.server.stop(0);
	}

}
