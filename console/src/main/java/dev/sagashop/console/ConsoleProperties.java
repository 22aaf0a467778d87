package dev.sagashop.console;

import java.net.URI;

import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Where the console reads ({@code sagashop.console.*}).
 *
 * @param apiUrl the gateway, which every API call goes through with the signed-in
 * person's token
 * @param zipkinUrl Zipkin, which the timeline links each checkout's trace to
 */
@Validated
@ConfigurationProperties("sagashop.console")
public record ConsoleProperties(@NotNull @DefaultValue("http://localhost:8080") URI apiUrl,
		@NotNull @DefaultValue("http://localhost:9411") URI zipkinUrl) {

}
