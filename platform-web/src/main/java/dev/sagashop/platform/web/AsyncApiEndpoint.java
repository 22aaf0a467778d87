package dev.sagashop.platform.web;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import dev.sagashop.platform.messaging.MessagingProperties;
import io.swagger.v3.oas.annotations.Hidden;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.http.MediaType;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Serves the service's {@link AsyncApiDocument} at {@code /asyncapi}, without a token
 * like its OpenAPI document: the topics its listeners read (from the listener registry,
 * so the document follows the code), and the types named by
 * {@code sagashop.messaging.sends}.
 */
@RestController
@Hidden
public class AsyncApiEndpoint {

	private final Environment environment;

	private final ObjectProvider<KafkaListenerEndpointRegistry> listeners;

	private final ObjectProvider<MessagingProperties> messaging;

	private volatile String document;

	AsyncApiEndpoint(Environment environment, ObjectProvider<KafkaListenerEndpointRegistry> listeners,
			ObjectProvider<MessagingProperties> messaging) {
		this.environment = environment;
		this.listeners = listeners;
		this.messaging = messaging;
	}

	@GetMapping(path = "/asyncapi", produces = MediaType.APPLICATION_JSON_VALUE)
	String document() {
		String built = this.document;
		if (built == null) {
			built = AsyncApiDocument
				.of(this.environment.getProperty("spring.application.name", "service"),
						this.environment.getProperty("spring.kafka.bootstrap-servers", "localhost:9092"), received(),
						Binder.get(this.environment)
							.bind("sagashop.messaging.sends", String[].class)
							.map(List::of)
							.orElse(List.of()),
						partitions())
				.toString();
			this.document = built;
		}
		return built;
	}

	private int partitions() {
		MessagingProperties properties = this.messaging.getIfAvailable();
		return (properties != null) ? properties.partitions() : 3;
	}

	private Set<String> received() {
		Set<String> topics = new TreeSet<>();
		KafkaListenerEndpointRegistry registry = this.listeners.getIfAvailable();
		if (registry != null) {
			for (MessageListenerContainer container : registry.getListenerContainers()) {
				String[] names = container.getContainerProperties().getTopics();
				if (names != null) {
					topics.addAll(List.of(names));
				}
			}
		}
		return topics;
	}

	/** Registers the endpoint in every service with Kafka listeners. */
	@AutoConfiguration
	@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
	@ConditionalOnClass(KafkaListenerEndpointRegistry.class)
	public static class Registration {

		@Bean
		AsyncApiEndpoint asyncApiEndpoint(Environment environment,
				ObjectProvider<KafkaListenerEndpointRegistry> listeners,
				ObjectProvider<MessagingProperties> messaging) {
			return new AsyncApiEndpoint(environment, listeners, messaging);
		}

	}

}
