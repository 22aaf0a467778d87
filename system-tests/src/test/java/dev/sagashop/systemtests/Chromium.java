package dev.sagashop.systemtests;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The machine's Chromium, headless, driven through its chromedriver (Debian's
 * {@code chromium} and {@code chromium-driver}, which .ci/run installs). Nothing is
 * downloaded: the browser and the driver are found on the PATH. Without them a test is
 * skipped, except on CI ({@code CI=true}), where it fails.
 */
final class Chromium implements AutoCloseable {

	/** Where screenshots go, one a step. */
	static final Path SCREENSHOTS = Path.of("target", "screenshots");

	final WebDriver driver;

	private final String name;

	private int shots;

	private Chromium(WebDriver driver, String name) {
		this.driver = driver;
		this.name = name;
	}

	/**
	 * A new browser, with its own cookies.
	 * @param name names its screenshots
	 * @return the browser
	 */
	static Chromium start(String name) {
		Optional<Path> browser = onPath("chromium", "chromium-browser", "google-chrome");
		Optional<Path> driver = onPath("chromedriver");
		if (browser.isEmpty() || driver.isEmpty()) {
			String missing = "No Chromium or chromedriver on the PATH (Debian: apt-get install chromium chromium-driver)";
			if ("true".equalsIgnoreCase(System.getenv("CI"))) {
				Assertions.fail(missing + "; on CI the browser tests must run");
			}
			Assumptions.abort(missing + ": the browser tests are skipped");
		}
		ChromeOptions options = new ChromeOptions();
		options.setBinary(browser.get().toFile());
		// --no-sandbox: CI and this machine run the tests as root.
		options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
				"--window-size=1280,1000", "--lang=en");
		ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(driver.get().toFile())
			.usingAnyFreePort()
			.build();
		return new Chromium(new ChromeDriver(service, options), name);
	}

	/**
	 * Saves what the browser shows now, as
	 * {@code target/screenshots/<name>-<n>-<step>.png}.
	 */
	void screenshot(String step) {
		try {
			Files.createDirectories(SCREENSHOTS);
			Path shot = ((TakesScreenshot) this.driver).getScreenshotAs(OutputType.FILE).toPath();
			Files.copy(shot, SCREENSHOTS.resolve("%s-%02d-%s.png".formatted(this.name, ++this.shots, step)),
					StandardCopyOption.REPLACE_EXISTING);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * A wait that takes a page reloading under it (the console reloads a running saga).
	 */
	WebDriverWait waiting(Duration atMost) {
		WebDriverWait wait = new WebDriverWait(this.driver, atMost, Duration.ofMillis(250));
		wait.ignoring(StaleElementReferenceException.class);
		return wait;
	}

	@Override
	public void close() {
		this.driver.quit();
	}

	private static Optional<Path> onPath(String... names) {
		List<Path> path = Stream.of(System.getenv().getOrDefault("PATH", "").split(":"))
			.filter((dir) -> !dir.isBlank())
			.map(Path::of)
			.toList();
		for (String name : names) {
			for (Path dir : path) {
				Path candidate = dir.resolve(name);
				if (Files.isExecutable(candidate)) {
					return Optional.of(candidate);
				}
			}
		}
		return Optional.empty();
	}

}
