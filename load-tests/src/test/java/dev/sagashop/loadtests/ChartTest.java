package dev.sagashop.loadtests;

import java.io.StringReader;
import java.util.List;
import java.util.Map;

import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.xml.sax.InputSource;

import static org.assertj.core.api.Assertions.assertThat;

class ChartTest {

	@Test
	void drawsOnePointPerStepAndSeriesWithTheBound() throws Exception {
		List<CheckoutSteps.Step> steps = List.of(step(10, 70, 120, 150, true), step(19.5, 90, 300, 680, false));
		GatewayOverhead.Target target = new GatewayOverhead.Target(2, 5, 600, 0, Map.of("gateway", 0.9));
		String svg = Chart.svg(
				steps, 250, new GatewayOverhead.Result(target, target, 6.8, 0.3, 4, 0.9, 1.1), new Overload.Figures(30,
						10, 30.0, 12.0, 18.0, 0.0, 0, 11.5, 0.0, 0, 1.15, 0, 400, 900.0, Map.of(), 0, 1.2, 1.9, true),
				List.of(floorStep(50, 120, true), floorStep(100, 400, false)));

		Document document = DocumentBuilderFactory.newInstance()
			.newDocumentBuilder()
			.parse(new InputSource(new StringReader(svg)));
		assertThat(document.getDocumentElement().getTagName()).isEqualTo("svg");
		assertThat(document.getElementsByTagName("circle").getLength()).isEqualTo(6);
		assertThat(document.getElementsByTagName("polyline").getLength()).as("p50, p95, p99 and the floor's p99")
			.isEqualTo(4);
		assertThat(svg).contains("floor p99");
		assertThat(document.getElementsByTagName("rect").getLength())
			.as("background, three legend squares, two floor steps")
			.isEqualTo(6);
		assertThat(svg).contains("p99 bound 250 ms")
			.contains("gateway adds 6.8 ms at p50 (its own CPU 0.9 ms a request)");
		assertThat(svg).contains("overload, 30.0/s offered").contains("shed 18.0/s, confirmed 11.5/s");
		assertThat(document.getElementsByTagName("path").getLength()).as("the overload step's marker").isEqualTo(1);
		// the failed step is drawn faded
		assertThat(svg.split("fill-opacity=\"0.3\"", -1)).hasSize(4);
	}

	@Test
	void drawsWithoutAFloor() {
		String svg = Chart.svg(List.of(step(10, 70, 120, 150, true)), 250, null, null, List.of());
		assertThat(svg).doesNotContain("floor").contains("</svg>");
	}

	@Test
	void drawsAStepWithoutLatencies() {
		String svg = Chart.svg(List.of(step(0, Double.NaN, Double.NaN, Double.NaN, false)), 250, null, null, List.of());
		assertThat(svg).doesNotContain("NaN").contains("</svg>");
	}

	private static CheckoutSteps.Step step(double throughput, double p50Ms, double p95Ms, double p99Ms,
			boolean passed) {
		return new CheckoutSteps.Step(throughput, (int) throughput * 30, passed ? 0 : 3, throughput, p50Ms, p95Ms,
				p99Ms, p99Ms * 2, 6, 0.1, 8, Map.of("orders-service", 20.0), 60, Map.of("orders-service", 2.0), 1.2,
				passed);
	}

	private static Floor.Step floorStep(double rate, double p99Ms, boolean passed) {
		return new Floor.Step(rate, (int) rate * 10, (int) rate * 10, p99Ms / 3, p99Ms / 2, p99Ms, 7.2,
				Map.of("kafka", 2.0), 6.5, passed);
	}

	@Test
	void axesEndOnRoundNumbers() {
		assertThat(Chart.nice(7)).isEqualTo(10);
		assertThat(Chart.nice(11)).isEqualTo(20);
		assertThat(Chart.nice(330)).isEqualTo(500);
		assertThat(Chart.nice(0.9)).isEqualTo(1);
	}

}
