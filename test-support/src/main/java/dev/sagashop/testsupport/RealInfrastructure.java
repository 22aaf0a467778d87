package dev.sagashop.testsupport;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.context.annotation.Import;

/**
 * Gives a {@code @SpringBootTest} a real PostgreSQL and a real Kafka broker:
 * Testcontainers when a Docker engine answers, otherwise embedded PostgreSQL and an
 * in-process KRaft broker. Either way the application sees them through Spring Boot's
 * connection details, so no test names a host or a port. The service trusts tokens from
 * {@link TestTokens}.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@Import({ InfrastructureConfiguration.class, TestAuthorityConfiguration.class })
public @interface RealInfrastructure {

}
