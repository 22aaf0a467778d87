package dev.sagashop.platform.web;

import java.util.List;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.oas.models.servers.Server;
import org.springdoc.core.customizers.OpenApiCustomizer;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * A service's OpenAPI document as the gateway's Swagger UI needs it: a relative server,
 * so "Try it out" goes through whichever host served the document (the gateway), a title
 * naming the service, and the bearer token every {@code /api} call needs.
 */
@AutoConfiguration
@ConditionalOnClass(OpenApiCustomizer.class)
public class OpenApiDocument {

	static final String BEARER = "bearer-jwt";

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
			openApi.setSecurity(List.of(new SecurityRequirement().addList(BEARER)));
		};
	}

}
