package dev.sagashop.shipping;

import java.time.Clock;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Bean;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * Schedules and cancels shipments with a simulated carrier, which collects them later.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
public class ShippingApplication {

	@Bean
	Clock clock() {
		return Clock.systemUTC();
	}

	public static void main(String[] args) {
		SpringApplication.run(ShippingApplication.class, args);
	}

}
