package dev.sagashop.architecture;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import dev.sagashop.events.MessageTypes;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The committed message contracts (contracts/, ADR 24) cover every message, and none is
 * left unchecked: each has the consumer's test that builds it and the provider's test
 * that verifies it, in their modules.
 */
class MessageContractsTest {

	static final Path ROOT = Path.of("..");

	static final JsonMapper JSON = JsonMapper.builder().build();

	@Test
	void everyCommandAndReplyHasAContract() {
		Set<String> covered = new TreeSet<>();
		contracts().forEach((pact) -> pact.required("messages")
			.forEach((message) -> covered.add(message.required("contents").required("type").asString())));
		assertThat(covered).as("message types some consumer's contract names (contracts/)")
			.containsAll(MessageTypes.names());
	}

	@Test
	void everyContractIsBuiltByItsConsumerAndVerifiedByItsProvider() {
		List<String> unchecked = new ArrayList<>();
		contracts().forEach((pact) -> {
			String consumer = pact.required("consumer").required("name").asString();
			String provider = pact.required("provider").required("name").asString();
			if (!testsContain(consumer, "between(\"" + consumer + "\", \"" + provider + "\")")) {
				unchecked.add(consumer + "'s tests do not build its contract with " + provider);
			}
			if (!testsContain(provider, "@Provider(\"" + provider + "\")")) {
				unchecked.add(provider + "'s tests do not verify what it sends to " + consumer);
			}
		});
		assertThat(unchecked).isEmpty();
	}

	/**
	 * What a service says it sends (sagashop.messaging.sends, for its AsyncAPI document)
	 * is what its contracts verify that it sends.
	 */
	@Test
	void everyServiceDocumentsTheMessagesItsContractsVerify() {
		Map<String, Set<String>> verified = new TreeMap<>();
		contracts().forEach((pact) -> pact.required("messages")
			.forEach((message) -> verified
				.computeIfAbsent(pact.required("provider").required("name").asString(), (name) -> new TreeSet<>())
				.add(message.required("contents").required("type").asString())));
		verified.forEach((service, types) -> assertThat(declaredSends(service))
			.as("sagashop.messaging.sends in %s/src/main/resources/application.yml", service)
			.containsExactlyInAnyOrderElementsOf(types));
	}

	private static List<String> declaredSends(String service) {
		Matcher sends = Pattern.compile("\\n\\s+sends: \\[([^]]*)]")
			.matcher(readString(ROOT.resolve(service).resolve("src/main/resources/application.yml")));
		assertThat(sends.find()).as("%s declares sagashop.messaging.sends", service).isTrue();
		return Arrays.stream(sends.group(1).split(",")).map(String::trim).toList();
	}

	private static List<JsonNode> contracts() {
		try (Stream<Path> files = Files.list(ROOT.resolve("contracts"))) {
			List<JsonNode> contracts = files.filter((file) -> file.toString().endsWith(".json"))
				.map((file) -> readTree(file))
				.toList();
			assertThat(contracts).as("contracts/*.json").isNotEmpty();
			return contracts;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static boolean testsContain(String module, String text) {
		try (Stream<Path> sources = Files.walk(ROOT.resolve(module).resolve("src/test/java"))) {
			return sources.filter((file) -> file.toString().endsWith(".java"))
				.anyMatch((file) -> readString(file).contains(text));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static JsonNode readTree(Path file) {
		return JSON.readTree(readString(file));
	}

	private static String readString(Path file) {
		try {
			return Files.readString(file);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
