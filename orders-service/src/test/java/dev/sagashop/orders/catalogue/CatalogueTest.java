package dev.sagashop.orders.catalogue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class CatalogueTest {

	HttpServer inventory;

	final List<String> authorizations = new CopyOnWriteArrayList<>();

	volatile int status = 200;

	Catalogue catalogue;

	@BeforeEach
	void startInventory() throws IOException {
		this.inventory = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		this.inventory.createContext("/api/products/", (exchange) -> {
			this.authorizations.add(exchange.getRequestHeaders().getFirst("Authorization"));
			String sku = exchange.getRequestURI().getPath().substring("/api/products/".length());
			byte[] body = ("{\"sku\":\"" + sku + "\",\"price\":1250,\"currency\":\"EUR\"}")
				.getBytes(StandardCharsets.UTF_8);
			boolean known = sku.startsWith("MUG");
			exchange.getResponseHeaders().set("Content-Type", "application/json");
			exchange.sendResponseHeaders(known ? this.status : 404, (known && this.status == 200) ? body.length : -1);
			if (known && this.status == 200) {
				exchange.getResponseBody().write(body);
			}
			exchange.close();
		});
		this.inventory.start();
		this.catalogue = new Catalogue(inventoryUrl(), Duration.ZERO, Clock.systemUTC());
	}

	private String inventoryUrl() {
		return "http://127.0.0.1:" + this.inventory.getAddress().getPort();
	}

	@AfterEach
	void stopInventory() {
		this.inventory.stop(0);
	}

	@Test
	void readsThePriceWithTheCallersToken() {
		assertThat(this.catalogue.price("MUG-1", "t0k3n")).hasValueSatisfying((price) -> {
			assertThat(price.price()).isEqualTo(1250);
			assertThat(price.currency()).isEqualTo("EUR");
		});
		assertThat(this.authorizations).containsExactly("Bearer t0k3n");
		assertThat(this.catalogue.price("CUP-1", "t0k3n")).isEmpty();
	}

	@Test
	void pricesWithTheLastKnownPriceWhileInventoryIsDown() {
		this.catalogue.price("MUG-1", "t");
		this.inventory.stop(0);
		assertThat(this.catalogue.price("MUG-1", "t"))
			.hasValueSatisfying((price) -> assertThat(price.price()).isEqualTo(1250));
		assertThatExceptionOfType(Catalogue.CatalogueUnavailableException.class)
			.isThrownBy(() -> this.catalogue.price("MUG-2", "t"));
	}

	@Test
	void asksAgainOnlyWhenItsPriceIsNoLongerFresh() throws Exception {
		AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-11-22T12:00:00Z"));
		Clock clock = new Clock() {

			@Override
			public Instant instant() {
				return now.get();
			}

			@Override
			public ZoneId getZone() {
				return ZoneOffset.UTC;
			}

			@Override
			public Clock withZone(ZoneId zone) {
				return this;
			}

		};
		Catalogue remembering = new Catalogue(inventoryUrl(), Duration.ofSeconds(30), clock);
		assertThat(remembering.price("MUG-4", "t")).isPresent();
		now.set(now.get().plusSeconds(29));
		assertThat(remembering.price("MUG-4", "t")).isPresent();
		assertThat(this.authorizations).hasSize(1);
		now.set(now.get().plusSeconds(2));
		assertThat(remembering.price("MUG-4", "t")).isPresent();
		assertThat(this.authorizations).hasSize(2);
		// an unknown product is asked for every time: it may be created any moment
		assertThat(remembering.price("CUP-4", "t")).isEmpty();
		assertThat(remembering.price("CUP-4", "t")).isEmpty();
		assertThat(this.authorizations).hasSize(4);
	}

	@Test
	void treatsAServerErrorAsUnavailable() {
		this.status = 503;
		assertThatExceptionOfType(Catalogue.CatalogueUnavailableException.class)
			.isThrownBy(() -> this.catalogue.price("MUG-3", "t"));
	}

}
