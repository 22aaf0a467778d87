package dev.sagashop.platform.web;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.oas.models.servers.Server;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springdoc.core.utils.SpringDocUtils;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * A service's OpenAPI document as the gateway's Swagger UI needs it and a client
 * generator can use it: a relative server, so "Try it out" goes through whichever host
 * served the document (the gateway), a title naming the service, the bearer token every
 * {@code /api} call needs, and the errors every {@code /api} operation can answer as
 * {@code application/problem+json} (401, 403, 406, 429 and 503 with {@code Retry-After};
 * 400 where it takes input; 413 and 415 where it takes a body; 404 where a path names a
 * resource). The {@link Caller} argument is internal and not a parameter.
 */
@AutoConfiguration
@ConditionalOnClass(OpenApiCustomizer.class)
public class OpenApiDocument {

	static final String BEARER = "bearer-jwt";

	/**
	 * The pattern of text that may not be blank, as JSON Schema reads a pattern (it
	 * matches anywhere): some character that is no white space. For
	 * {@code @Schema(pattern = NOT_BLANK)} beside {@code @NotBlank}, which springdoc does
	 * not document.
	 */
	public static final String NOT_BLANK = "\\S";

	/** The schema name of an RFC 9457 problem. */
	public static final String PROBLEM = "Problem";

	static {
		SpringDocUtils.getConfig().addRequestWrapperToIgnore(Caller.class);
	}

	@Bean
	OpenApiCustomizer sagashopOpenApi(Environment environment) {
		String service = environment.getProperty("spring.application.name", "service");
		return (openApi) -> {
			openApi.setServers(List.of(new Server().url("/").description("the host that served this document")));
			openApi.setInfo(new Info().title("sagashop " + service)
				.version("v1")
				.description("Tokens: client-credentials grant at auth-server (see the README)."));
			if (openApi.getComponents() == null) {
				openApi.setComponents(new Components());
			}
			openApi.getComponents()
				.addSecuritySchemes(BEARER,
						new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("bearer").bearerFormat("JWT"));
			openApi.getComponents().addSchemas(PROBLEM, problemSchema());
			openApi.setSecurity(List.of(new SecurityRequirement().addList(BEARER)));
			if (openApi.getPaths() != null) {
				openApi.getPaths().forEach(OpenApiDocument::documentErrors);
			}
			openApi.getComponents().getSchemas().values().forEach(OpenApiDocument::nullInNullableEnums);
		};
	}

	private static void documentErrors(String path, PathItem item) {
		if (!path.startsWith("/api")) {
			return;
		}
		for (Map.Entry<PathItem.HttpMethod, Operation> entry : item.readOperationsMap().entrySet()) {
			Operation operation = entry.getValue();
			documentPaging(operation);
			if (operation.getResponses() == null) {
				operation.setResponses(new ApiResponses());
			}
			ApiResponses responses = operation.getResponses();
			responses.values().forEach(OpenApiDocument::json);
			boolean takesInput = operation.getRequestBody() != null
					|| (operation.getParameters() != null && !operation.getParameters().isEmpty());
			if (takesInput) {
				responses.putIfAbsent("400", problem("The request is malformed or a value is invalid."));
			}
			responses.putIfAbsent("401", problem("No valid bearer token from auth-server."));
			responses.putIfAbsent("403", problem("The token's scopes do not allow this operation."));
			if (path.contains("{")) {
				responses.putIfAbsent("404", problem(
						"No such resource, or it belongs to another customer (unless the caller is an admin)."));
			}
			responses.putIfAbsent("406", problem("The Accept header takes no JSON, which is all this API answers."));
			if (operation.getRequestBody() != null) {
				responses.putIfAbsent("413", problem("The body is larger than the gateway takes (64 KiB)."));
				responses.putIfAbsent("415", problem("The body is not sent as application/json."));
			}
			responses.putIfAbsent("429", problem("This client sent more requests than the gateway's rate limit allows.")
				.addHeaderObject("Retry-After", retryAfter()));
			responses.putIfAbsent("503",
					problem("The service's database cannot be reached; send the same request again.")
						.addHeaderObject("Retry-After", retryAfter()));
		}
	}

	/**
	 * An answer springdoc documents as {@code *}{@code /*} (a handler that does not name
	 * what it produces) is JSON: the API answers nothing else ({@link MediaTypeHeaders}).
	 */
	private static void json(ApiResponse response) {
		Content content = response.getContent();
		if (content != null && content.containsKey("*/*")) {
			content.addMediaType("application/json", content.remove("*/*"));
		}
	}

	/**
	 * An enum that may be null lists null among its values: JSON Schema checks the enum
	 * apart from the type, so {@code type: [string, null]} with an enum of strings still
	 * refuses null (a validator refused every order's {@code failureReason: null}).
	 */
	@SuppressWarnings("unchecked")
	private static void nullInNullableEnums(Schema<?> schema) {
		if (schema.getProperties() == null) {
			return;
		}
		for (Schema<?> property : schema.getProperties().values()) {
			List<?> values = property.getEnum();
			if (values != null && property.getTypes() != null && property.getTypes().contains("null")
					&& !values.contains(null)) {
				// A copy: springdoc may hand out a list that cannot grow.
				List<Object> withNull = new ArrayList<>(values);
				withNull.add(null);
				((Schema<Object>) property).setEnum(withNull);
			}
		}
	}

	/** The bounds {@link PagingParameters} enforces, which springdoc cannot know. */
	private static void documentPaging(Operation operation) {
		if (operation.getParameters() == null) {
			return;
		}
		for (Parameter parameter : operation.getParameters()) {
			if (!"query".equals(parameter.getIn()) || parameter.getSchema() == null) {
				continue;
			}
			if ("page".equals(parameter.getName())) {
				parameter.getSchema().setMinimum(BigDecimal.ZERO);
			}
			else if ("size".equals(parameter.getName())) {
				parameter.getSchema().setMinimum(BigDecimal.ONE);
				parameter.getSchema().setMaximum(BigDecimal.valueOf(PagingParameters.MAX_SIZE));
			}
		}
	}

	/**
	 * An error answer in {@code application/problem+json}.
	 * @param description when it is sent
	 * @return the response
	 */
	public static ApiResponse problem(String description) {
		return new ApiResponse().description(description)
			.content(new Content().addMediaType("application/problem+json",
					new MediaType().schema(new Schema<>().$ref("#/components/schemas/" + PROBLEM))));
	}

	/** The {@code Retry-After} header: seconds to wait before sending again. */
	public static Header retryAfter() {
		return new Header().description("Seconds to wait before sending the same request again")
			.schema(new IntegerSchema());
	}

	private static Schema<?> problemSchema() {
		return new ObjectSchema().description("An error, as RFC 9457 describes it")
			.addProperty("type", new StringSchema().description("a URI naming the kind of error"))
			.addProperty("title", new StringSchema().description("a short summary of the kind of error"))
			.addProperty("status", new IntegerSchema().description("the HTTP status"))
			.addProperty("detail", new StringSchema().description("what went wrong with this request"))
			.addProperty("instance", new StringSchema().description("the request's path"))
			.required(List.of("type", "title", "status"));
	}

}
