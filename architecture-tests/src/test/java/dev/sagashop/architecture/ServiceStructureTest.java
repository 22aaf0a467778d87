package dev.sagashop.architecture;

import java.util.List;
import java.util.Set;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Inside each service: packages depend one way (a newcomer can read a package knowing
 * only what it imports), and the saga's decisions are plain Java, testable without Spring
 * or a database.
 */
class ServiceStructureTest {

	/** The apps with packages inside (the gateway and auth-server have one each). */
	static final List<String> SERVICES = List.of("orders", "payments", "inventory", "shipping");

	/** The types that decide what a saga does next, and their nested types. */
	static final Set<String> SAGA_DECISION_TYPES = Set.of("SagaDecisions", "SagaDefinition", "SagaStep", "SagaState",
			"Transition", "Phase", "Action", "OrderSagas");

	static final String CHECKOUT = "dev.sagashop.orders.checkout";

	private final JavaClasses production = AppBoundariesTest.production;

	@ParameterizedTest
	@FieldSource("SERVICES")
	void packagesInsideAServiceHaveNoCycles(String service) {
		packagesFreeOfCycles("dev.sagashop." + service).check(this.production);
	}

	@Test
	void catchesAPackageCycle() {
		JavaClasses fixture = new ClassFileImporter().importPackages("dev.sagashop.archfixture.cyclic");
		assertThatExceptionOfType(AssertionError.class)
			.isThrownBy(() -> packagesFreeOfCycles("dev.sagashop.archfixture.cyclic").check(fixture))
			.withMessageContaining("Caller")
			.withMessageContaining("Callee");
	}

	private static ArchRule packagesFreeOfCycles(String root) {
		return slices().matching(root + ".(**)").should().beFreeOfCycles();
	}

	@Test
	void theSagasDecisionsArePlainJava() {
		assertThat(this.production.stream()
			.filter((type) -> type.getPackageName().equals(CHECKOUT))
			.map(ServiceStructureTest::outermostName)
			.distinct()).as("every decision type is where the rule looks").containsAll(SAGA_DECISION_TYPES);
		noClasses().that(sagaDecisionTypes())
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("org.springframework..", "jakarta.persistence..", "org.hibernate..", "java.sql..",
					"javax.sql..", "tools.jackson..", "org.apache.kafka..")
			.check(this.production);
	}

	private static DescribedPredicate<JavaClass> sagaDecisionTypes() {
		return DescribedPredicate.describe("are the saga's decision types " + SAGA_DECISION_TYPES,
				(type) -> type.getPackageName().equals(CHECKOUT) && SAGA_DECISION_TYPES.contains(outermostName(type)));
	}

	private static String outermostName(JavaClass type) {
		String name = type.getName().substring(type.getPackageName().length() + 1);
		int nested = name.indexOf('$');
		return (nested < 0) ? name : name.substring(0, nested);
	}

}
