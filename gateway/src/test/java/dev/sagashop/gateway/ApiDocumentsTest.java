package dev.sagashop.gateway;

import java.nio.file.Path;
import java.util.List;

import dev.sagashop.gateway.ApiDocuments.Part;
import dev.sagashop.testsupport.ApiLint;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class ApiDocumentsTest {

	private static final JsonMapper JSON = JsonMapper.shared();

	@Test
	void mergesPathsComponentsSecurityAndTagsOfEveryService() {
		JsonNode merged = ApiDocuments
			.merge(List.of(part("orders", "/api/orders", "Order"), part("payments", "/api/payments", "Payment")));
		assertThat(merged.path("info").path("title").asString()).isEqualTo("sagashop");
		assertThat(merged.path("info").path("version").asString()).isEqualTo("v1");
		assertThat(merged.path("paths").propertyNames()).containsExactly("/api/orders", "/api/payments");
		assertThat(merged.path("components").path("schemas").propertyNames()).containsExactly("Problem", "Order",
				"Payment");
		assertThat(merged.path("components").path("securitySchemes").propertyNames()).containsExactly("bearer-jwt");
		assertThat(merged.path("security")).hasSize(1);
		assertThat(merged.path("tags").valueStream().map((tag) -> tag.path("name").asString()))
			.containsExactly("orders", "payments");
		assertThat(merged.path("servers").get(0).path("url").asString()).isEqualTo("/");
	}

	/**
	 * The whole API as the gateway serves it (system-tests' ApiDocumentIT keeps the
	 * committed file equal to what it serves) passes Redocly CLI's recommended rules.
	 */
	@Test
	void theCommittedDocumentPassesTheLintersRecommendedRules() throws Exception {
		assertThat(ApiLint.problems(Path.of("../docs/api/openapi.json"))).as("Redocly CLI on docs/api/openapi.json")
			.isEmpty();
	}

	@Test
	void refusesAComponentTwoServicesGiveDifferently() {
		Part orders = part("orders", "/api/orders", "Order");
		Part other = part("payments", "/api/payments", "Payment");
		((ObjectNode) other.document().path("components").path("schemas")).putObject("Order").put("type", "string");
		assertThatExceptionOfType(ApiDocuments.ConflictException.class)
			.isThrownBy(() -> ApiDocuments.merge(List.of(orders, other)))
			.withMessage("payments gives schemas Order otherwise than a service before it");
	}

	@Test
	void refusesAPathTwoServicesGiveDifferently() {
		Part orders = part("orders", "/api/orders", "Order");
		Part other = part("payments", "/api/orders", "Payment");
		assertThatExceptionOfType(ApiDocuments.ConflictException.class)
			.isThrownBy(() -> ApiDocuments.merge(List.of(orders, other)))
			.withMessage("payments gives path /api/orders otherwise than a service before it");
	}

	static Part part(String service, String path, String schema) {
		return new Part(service, JSON.readTree("""
				{"openapi": "3.1.0", "info": {"title": "sagashop %1$s", "version": "v1"},
				 "servers": [{"url": "/"}],
				 "security": [{"bearer-jwt": []}],
				 "tags": [{"name": "%1$s"}],
				 "paths": {"%2$s": {"get": {"operationId": "%1$s", "responses": {"200": {"description": "%3$s"}}}}},
				 "components": {
				   "schemas": {"Problem": {"type": "object"}, "%3$s": {"type": "object"}},
				   "securitySchemes": {"bearer-jwt": {"type": "http", "scheme": "bearer"}}}}
				""".formatted(service, path, schema)));
	}

}
