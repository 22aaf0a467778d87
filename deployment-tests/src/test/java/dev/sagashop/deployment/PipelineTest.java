package dev.sagashop.deployment;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The CI workflow tests what {@code .ci/run} tests, builds every app's image for both
 * architectures tagged with the commit, and renders both overlays.
 */
@SuppressWarnings("unchecked")
class PipelineTest {

	private static final Map<String, Object> WORKFLOW = new Yaml(new SafeConstructor(new LoaderOptions()))
		.load(Repository.read(".github/workflows/ci.yml"));

	private static Map<String, Object> job(String name) {
		return (Map<String, Object>) ((Map<String, Object>) WORKFLOW.get("jobs")).get(name);
	}

	private static String steps(String job) {
		return String.valueOf(job(job).get("steps"));
	}

	@Test
	void verifiesThenBuildsEveryAppForBothArchitecturesAndRendersTheOverlays() {
		assertThat(steps("verify")).contains("bash .ci/run");
		Map<String, Object> images = job("images");
		assertThat(images.get("needs")).isEqualTo("verify");
		Map<String, Object> matrix = (Map<String, Object>) ((Map<String, Object>) images.get("strategy")).get("matrix");
		assertThat((List<String>) matrix.get("app")).containsExactlyInAnyOrderElementsOf(Repository.APPS);
		assertThat(steps("images")).contains("linux/amd64,linux/arm64")
			.contains("MODULE=${{ matrix.app }}")
			.contains(":${{ github.sha }}");
		assertThat(steps("render")).contains("kubectl kustomize").contains("dev prod");
		assertThat(Repository.read(".ci/run")).contains("mvn -B verify");
	}

}
