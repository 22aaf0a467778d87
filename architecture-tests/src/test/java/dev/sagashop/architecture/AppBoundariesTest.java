package dev.sagashop.architecture;

import java.util.List;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class AppBoundariesTest {

	/**
	 * The base package of every app: orders-service is dev.sagashop.orders, and so on.
	 */
	static final List<String> APPS = List.of("orders", "payments", "inventory", "shipping", "gateway", "auth",
			"console");

	static final JavaClasses production = new ClassFileImporter()
		.withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
		.importPackages("dev.sagashop");

	@Test
	void seesTheCodeOfEveryApp() {
		for (String app : APPS) {
			assertThat(production.stream().filter((type) -> type.getPackageName().startsWith("dev.sagashop." + app)))
				.as("classes of %s on the classpath", app)
				.isNotEmpty();
		}
	}

	@Test
	void noAppUsesAnotherAppsCode() {
		AppBoundaries.appsAreIndependent("dev.sagashop", APPS).check(production);
	}

	@Test
	void messageContractsArePlainJava() {
		noClasses().that()
			.resideInAPackage("dev.sagashop.events..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("org.springframework..", "jakarta..", "tools.jackson..", "com.fasterxml..")
			.check(production);
	}

	@Test
	void catchesAnAppThatReachesIntoAnother() {
		JavaClasses fixture = new ClassFileImporter().importPackages("dev.sagashop.archfixture");
		assertThatExceptionOfType(AssertionError.class)
			.isThrownBy(
					() -> AppBoundaries.appsAreIndependent("dev.sagashop.archfixture", List.of("orders", "payments"))
						.check(fixture))
			.withMessageContaining("LeakyCheckout")
			.withMessageContaining("PaymentGatewayInternals");
	}

}
