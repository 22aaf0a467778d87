package dev.sagashop.testsupport;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

import org.springframework.context.ApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.context.TestContext;
import org.springframework.test.context.TestExecutionListener;

/**
 * Closes the test JVM's Spring contexts, then its infrastructure, when the tests are over
 * and before the JVM's exit begins. Left to the exit, the shutdown hooks run at once:
 * Spring's closed the contexts' listener containers, which commit their offsets on stop,
 * while Kafka's test kit deleted the broker's temporary log directories and ours stopped
 * PostgreSQL. The consumers then waited for an offsets coordinator that was gone, and
 * Surefire killed the JVM 30 s into its exit.
 * <p>
 * As a Spring {@link TestExecutionListener} it notes each context a test class used; as a
 * JUnit {@link LauncherSessionListener} it closes them when the session ends.
 */
public final class TestJvmShutdown implements TestExecutionListener, LauncherSessionListener {

	private static final Log logger = LogFactory.getLog(TestJvmShutdown.class);

	private static final Set<ConfigurableApplicationContext> contexts = Collections
		.synchronizedSet(new LinkedHashSet<>());

	@Override
	public void afterTestClass(TestContext testContext) {
		if (testContext.hasApplicationContext()) {
			ApplicationContext context = testContext.getApplicationContext();
			if (context instanceof ConfigurableApplicationContext configurable) {
				contexts.add(configurable);
			}
		}
	}

	@Override
	public void launcherSessionClosed(LauncherSession session) {
		List<ConfigurableApplicationContext> open;
		synchronized (contexts) {
			open = new ArrayList<>(contexts);
			contexts.clear();
		}
		Collections.reverse(open);
		for (ConfigurableApplicationContext context : open) {
			try {
				context.close();
			}
			catch (RuntimeException ex) {
				logger.warn("A test's application context did not close cleanly", ex);
			}
		}
		InfrastructureSelector.stop();
	}

}
