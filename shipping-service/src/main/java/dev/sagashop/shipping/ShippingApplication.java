package dev.sagashop.shipping;

import java.time.Clock;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;

/**
 * Schedules and cancels shipments with a simulated carrier.
 */
@SpringBootApplication
public class ShippingApplication {

	@Bean
	Clock clock() {
		return Clock.systemUTC();
	}

	public static void main(String[] args) {
		SpringApplication.run(ShippingApplication.class, args);
	}

}
