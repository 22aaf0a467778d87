package dev.sagashop.deployment;

import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.strimzi.api.kafka.model.kafka.Kafka;
import io.strimzi.api.kafka.model.nodepool.KafkaNodePool;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An overlay of {@code k8s/} rendered by {@code kubectl kustomize} and parsed into
 * fabric8's typed model (Strimzi's for its resources); CloudNativePG's {@code Cluster},
 * which has no Java model, stays generic.
 */
final class Rendered {

	private static final Map<String, Rendered> CACHE = new ConcurrentHashMap<>();

	private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

	/** Kinds from operators the cluster must run, and whose model is not fabric8's. */
	static final Set<String> OPERATOR_KINDS = Set.of("Kafka", "KafkaNodePool", "Cluster");

	final String overlay;

	final List<HasMetadata> objects;

	private Rendered(String overlay, List<HasMetadata> objects) {
		this.overlay = overlay;
		this.objects = objects;
	}

	/**
	 * Whether kubectl can render here; the tests are skipped, with the reason printed,
	 * where not.
	 */
	static boolean kubectlAvailable() {
		try {
			Process process = new ProcessBuilder("kubectl", "version", "--client").redirectErrorStream(true).start();
			process.getInputStream().readAllBytes();
			return process.waitFor(30, TimeUnit.SECONDS) && process.exitValue() == 0;
		}
		catch (IOException ex) {
			return false;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	static Rendered overlay(String name) {
		return CACHE.computeIfAbsent(name, Rendered::render);
	}

	private static Rendered render(String overlay) {
		String yaml = kustomize("k8s/overlays/" + overlay);
		List<HasMetadata> objects = new ArrayList<>();
		try (MappingIterator<JsonNode> documents = new YAMLMapper().readerFor(JsonNode.class).readValues(yaml)) {
			while (documents.hasNext()) {
				JsonNode document = documents.next();
				if (document != null && !document.isEmpty()) {
					objects.add(parse(document));
				}
			}
		}
		catch (IOException ex) {
			throw new AssertionError("Cannot read what kustomize rendered for " + overlay, ex);
		}
		return new Rendered(overlay, List.copyOf(objects));
	}

	private static HasMetadata parse(JsonNode document) {
		String kind = document.path("kind").asText();
		String json = document.toString();
		return switch (kind) {
			case "Kafka" -> SERIALIZATION.unmarshal(json, Kafka.class);
			case "KafkaNodePool" -> SERIALIZATION.unmarshal(json, KafkaNodePool.class);
			default -> {
				HasMetadata object = SERIALIZATION.unmarshal(json);
				if (!OPERATOR_KINDS.contains(kind)) {
					assertThat(object)
						.as(kind + " " + document.path("metadata").path("name").asText()
								+ " is a kind fabric8's Kubernetes model knows")
						.isNotInstanceOf(GenericKubernetesResource.class);
				}
				yield object;
			}
		};
	}

	static String kustomize(String directory) {
		try {
			Process process = new ProcessBuilder("kubectl", "kustomize", directory).directory(Repository.HOME.toFile())
				.start();
			byte[] out = process.getInputStream().readAllBytes();
			String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
			assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
			assertThat(process.exitValue()).as("kubectl kustomize " + directory + ": " + err).isZero();
			return new String(out, StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new AssertionError("kubectl kustomize " + directory, ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new AssertionError(ex);
		}
	}

	<T extends HasMetadata> List<T> all(Class<T> type) {
		return this.objects.stream().filter(type::isInstance).map(type::cast).toList();
	}

	List<GenericKubernetesResource> generic(String kind) {
		return all(GenericKubernetesResource.class).stream().filter((object) -> object.getKind().equals(kind)).toList();
	}

	<T extends HasMetadata> T named(Class<T> type, String name) {
		return all(type).stream()
			.filter((object) -> object.getMetadata().getName().equals(name))
			.findFirst()
			.orElseThrow(() -> new AssertionError(this.overlay + ": no " + type.getSimpleName() + " " + name));
	}

	/**
	 * Every field fabric8 (or Strimzi) did not know, anywhere in an object: each lands in
	 * an {@code additionalProperties} map.
	 */
	static List<String> unknownFields(Object object) {
		List<String> unknown = new ArrayList<>();
		collectUnknown(object, object.getClass().getSimpleName(), unknown,
				Collections.newSetFromMap(new IdentityHashMap<>()));
		return unknown;
	}

	private static void collectUnknown(Object value, String path, List<String> unknown, Set<Object> seen) {
		if (value == null || !seen.add(value)) {
			return;
		}
		if (value instanceof Collection<?> values) {
			int i = 0;
			for (Object each : values) {
				collectUnknown(each, path + "[" + i++ + "]", unknown, seen);
			}
			return;
		}
		if (value instanceof Map<?, ?> values) {
			values.forEach((key, each) -> collectUnknown(each, path + "." + key, unknown, seen));
			return;
		}
		String type = value.getClass().getName();
		if (!type.startsWith("io.fabric8.kubernetes.api.model") && !type.startsWith("io.strimzi.api")) {
			return;
		}
		for (Method getter : value.getClass().getMethods()) {
			if (getter.getParameterCount() != 0 || Modifier.isStatic(getter.getModifiers())
					|| !getter.getName().startsWith("get") || getter.getDeclaringClass() == Object.class) {
				continue;
			}
			Object field;
			try {
				field = getter.invoke(value);
			}
			catch (ReflectiveOperationException | RuntimeException ex) {
				continue;
			}
			if (getter.getName().equals("getAdditionalProperties")) {
				if (field instanceof Map<?, ?> extra && !extra.isEmpty()) {
					unknown.add(path + ": " + extra.keySet());
				}
				continue;
			}
			collectUnknown(field, path + "." + getter.getName().substring(3), unknown, seen);
		}
	}

}
