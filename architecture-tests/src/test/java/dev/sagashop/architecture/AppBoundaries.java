package dev.sagashop.architecture;

import java.util.List;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

/**
 * The rule that keeps apps apart: a class of one app (the first package below the root)
 * must not use a class of another app. Shared code lives in modules that are no app
 * (contracts, test and infrastructure support).
 */
final class AppBoundaries {

	private AppBoundaries() {
	}

	static ArchRule appsAreIndependent(String root, List<String> apps) {
		String[] packages = apps.stream().map((app) -> root + "." + app + "..").toArray(String[]::new);
		return classes().that().resideInAnyPackage(packages).should(new ArchCondition<>("use no class of another app") {

			@Override
			public void check(JavaClass item, ConditionEvents events) {
				String own = appOf(root, item.getPackageName());
				for (Dependency dependency : item.getDirectDependenciesFromSelf()) {
					String target = appOf(root, dependency.getTargetClass().getPackageName());
					if (apps.contains(target) && !target.equals(own)) {
						events.add(SimpleConditionEvent.violated(dependency, dependency.getDescription()));
					}
				}
			}

		});
	}

	static String appOf(String root, String packageName) {
		if (!packageName.startsWith(root + ".")) {
			return "";
		}
		String rest = packageName.substring(root.length() + 1);
		int dot = rest.indexOf('.');
		return dot < 0 ? rest : rest.substring(0, dot);
	}

}
