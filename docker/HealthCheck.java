import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * The images' HEALTHCHECK: exits 0 when the app's readiness group answers 200. A JRE image
 * has no curl to rely on; this needs only the JVM the app runs on.
 */
public final class HealthCheck {

	private HealthCheck() {
	}

	public static void main(String[] args) {
		String port = System.getenv().getOrDefault("SERVER_PORT", "8080");
		// The console serves under /console, its actuator too.
		String path = System.getenv().getOrDefault("SERVER_SERVLET_CONTEXT_PATH", "");
		String url = (args.length > 0) ? args[0]
				: "http://127.0.0.1:" + port + path + "/actuator/health/readiness";
		try {
			HttpResponse<Void> response = HttpClient.newBuilder()
				.connectTimeout(Duration.ofSeconds(2))
				.build()
				.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(2)).build(),
						HttpResponse.BodyHandlers.discarding());
			System.exit(response.statusCode() == 200 ? 0 : 1);
		}
		catch (Exception ex) {
			System.err.println(url + ": " + ex);
			System.exit(1);
		}
	}

}
