package dev.sagashop.auth;

import java.net.CookieManager;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class AuthServerApplicationTest {

	private static final JsonMapper json = JsonMapper.builder().build();

	@TempDir
	static Path state;

	@LocalServerPort
	int port;

	@DynamicPropertySource
	static void keyFile(DynamicPropertyRegistry registry) {
		registry.add("sagashop.auth.key-file", () -> state.resolve("keys/signing-key.json").toString());
	}

	@Test
	void reportsReadinessWithoutAToken() throws Exception {
		HttpResponse<String> response = get("/actuator/health/readiness");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).contains("\"UP\"");
	}

	@Test
	void issuesAnRs256TokenWhoseSubjectIsTheCustomer() throws Exception {
		SignedJWT token = SignedJWT.parse(token("alice", "alice-secret", "orders").get("access_token").asString());
		assertThat(token.getHeader().getAlgorithm().getName()).isEqualTo("RS256");
		assertThat(token.getJWTClaimsSet().getSubject()).isEqualTo("alice");
		assertThat(token.getJWTClaimsSet().getIssuer()).isEqualTo("http://localhost:9000");
		assertThat(token.getJWTClaimsSet().getStringListClaim("scope")).containsExactly("orders");
		RSAKey published = JWKSet.parse(get("/oauth2/jwks").body())
			.getKeyByKeyId(token.getHeader().getKeyID())
			.toRSAKey();
		assertThat(token.verify(new RSASSAVerifier(published))).isTrue();
		assertThat(published.isPrivate()).isFalse();
	}

	@Test
	void grantsAdminOnlyToOps() throws Exception {
		SignedJWT ops = SignedJWT.parse(token("ops", "ops-secret", "orders admin").get("access_token").asString());
		assertThat(ops.getJWTClaimsSet().getStringListClaim("scope")).containsExactlyInAnyOrder("orders", "admin");
		HttpResponse<String> alice = tokenResponse("alice", "alice-secret", "orders admin");
		assertThat(alice.statusCode()).isEqualTo(400);
		assertThat(alice.body()).contains("invalid_scope");
	}

	@Test
	void refusesAWrongSecret() throws Exception {
		assertThat(tokenResponse("alice", "bob-secret", "orders").statusCode()).isEqualTo(401);
		assertThat(tokenResponse("mallory", "x", "orders").statusCode()).isEqualTo(401);
	}

	@Test
	void keepsTheSigningKeyInItsFileOwnerReadableOnly() throws Exception {
		Path file = state.resolve("keys/signing-key.json");
		RSAKey stored = RSAKey.parse(Files.readString(file));
		assertThat(JWKSet.parse(get("/oauth2/jwks").body()).getKeys()).extracting((key) -> key.getKeyID())
			.containsExactly(stored.getKeyID());
		assertThat(Files.getPosixFilePermissions(file)).extracting(Object::toString)
			.containsExactlyInAnyOrder("OWNER_READ", "OWNER_WRITE");
		assertThat(SigningKey.loadOrCreate(file).getKeyID()).isEqualTo(stored.getKeyID());
	}

	/**
	 * The web client's flow: authorize, sign in, code, token with the PKCE verifier. A
	 * user asking for {@code admin} without having it gets a token without it.
	 */
	@Test
	void signsAUserInWithTheAuthorizationCodeAndPkce() throws Exception {
		HttpResponse<String> tokens = signIn("alice", "alice-password", "sagashop-web", null,
				"http://localhost:5173/callback");
		assertThat(tokens.statusCode()).as(tokens.body()).isEqualTo(200);
		SignedJWT token = SignedJWT.parse(json.readTree(tokens.body()).get("access_token").asString());
		assertThat(token.getJWTClaimsSet().getSubject()).isEqualTo("alice");
		assertThat(token.getJWTClaimsSet().getStringListClaim("scope")).contains("orders").doesNotContain("admin");
	}

	/**
	 * The saga console's flow (ADR 29): the same, and the console authenticates itself
	 * with its secret when it takes the tokens; ops gets {@code admin}, and without the
	 * secret there is no token.
	 */
	@Test
	void signsAUserInToTheConsoleWhichProvesItselfWithItsSecret() throws Exception {
		String callback = "http://localhost:8085/console/login/oauth2/code/sagashop";
		HttpResponse<String> tokens = signIn("ops", "ops-password", "sagashop-console", "console-secret", callback);
		assertThat(tokens.statusCode()).as(tokens.body()).isEqualTo(200);
		JsonNode answer = json.readTree(tokens.body());
		SignedJWT token = SignedJWT.parse(answer.get("access_token").asString());
		assertThat(token.getJWTClaimsSet().getSubject()).isEqualTo("ops");
		assertThat(token.getJWTClaimsSet().getStringListClaim("scope")).contains("orders", "admin");
		assertThat(answer.has("id_token")).as("an OpenID Connect sign-in").isTrue();
		assertThat(answer.has("refresh_token")).isTrue();
		assertThat(signIn("ops", "ops-password", "sagashop-console", "wrong-secret", callback).statusCode())
			.isEqualTo(401);
	}

	/**
	 * Authorize, sign in on auth-server's form, take the code to the token endpoint with
	 * the PKCE verifier (and the client's secret, for a confidential client).
	 */
	private HttpResponse<String> signIn(String user, String password, String clientId, String clientSecret,
			String callback) throws Exception {
		HttpClient browser = HttpClient.newBuilder().cookieHandler(new CookieManager()).build();
		String verifier = "a-verifier-of-at-least-forty-three-characters-0123456789";
		String challenge = Base64.getUrlEncoder()
			.withoutPadding()
			.encodeToString(MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII)));
		String authorize = "/oauth2/authorize?" + form(Map.of("response_type", "code", "client_id", clientId,
				"redirect_uri", callback, "scope", "openid orders admin", "state", "xyz", "code_challenge", challenge,
				"code_challenge_method", "S256"));
		HttpResponse<String> toLogin = browser.send(request(authorize).header("Accept", "text/html").build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(toLogin.statusCode()).isEqualTo(302);
		HttpResponse<String> loginPage = browser.send(request("/login").build(), HttpResponse.BodyHandlers.ofString());
		Matcher csrf = Pattern.compile("name=\"_csrf\"[^>]*value=\"([^\"]+)\"").matcher(loginPage.body());
		assertThat(csrf.find()).as(loginPage.body()).isTrue();
		HttpResponse<String> signedIn = browser
			.send(request("/login").header("Content-Type", "application/x-www-form-urlencoded")
				.POST(HttpRequest.BodyPublishers
					.ofString(form(Map.of("username", user, "password", password, "_csrf", csrf.group(1)))))
				.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(signedIn.statusCode()).isEqualTo(302);
		HttpResponse<String> redirect = browser.send(request(authorize).build(), HttpResponse.BodyHandlers.ofString());
		String location = redirect.headers().firstValue("Location").orElseThrow();
		assertThat(location).startsWith(callback + "?code=");
		String code = URI.create(location).getQuery().replaceAll(".*code=([^&]+).*", "$1");
		Map<String, String> fields = new LinkedHashMap<>(Map.of("grant_type", "authorization_code", "code",
				URLDecoder.decode(code, StandardCharsets.UTF_8), "redirect_uri", callback, "code_verifier", verifier));
		HttpRequest.Builder tokens = request("/oauth2/token").header("Content-Type",
				"application/x-www-form-urlencoded");
		if (clientSecret != null) {
			tokens.header("Authorization", "Basic " + Base64.getEncoder()
				.encodeToString((clientId + ":" + clientSecret).getBytes(StandardCharsets.UTF_8)));
		}
		else {
			fields.put("client_id", clientId);
		}
		return HttpClient.newHttpClient()
			.send(tokens.POST(HttpRequest.BodyPublishers.ofString(form(fields))).build(),
					HttpResponse.BodyHandlers.ofString());
	}

	private JsonNode token(String client, String secret, String scope) throws Exception {
		HttpResponse<String> response = tokenResponse(client, secret, scope);
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		return json.readTree(response.body());
	}

	private HttpResponse<String> tokenResponse(String client, String secret, String scope) throws Exception {
		String basic = Base64.getEncoder().encodeToString((client + ":" + secret).getBytes(StandardCharsets.UTF_8));
		return HttpClient.newHttpClient()
			.send(request("/oauth2/token").header("Authorization", "Basic " + basic)
				.header("Content-Type", "application/x-www-form-urlencoded")
				.POST(HttpRequest.BodyPublishers
					.ofString(form(Map.of("grant_type", "client_credentials", "scope", scope))))
				.build(), HttpResponse.BodyHandlers.ofString());
	}

	private HttpResponse<String> get(String path) throws Exception {
		return HttpClient.newHttpClient().send(request(path).build(), HttpResponse.BodyHandlers.ofString());
	}

	private HttpRequest.Builder request(String path) {
		return HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path));
	}

	private static String form(Map<String, String> fields) {
		return fields.entrySet()
			.stream()
			.map((field) -> field.getKey() + "=" + URLEncoder.encode(field.getValue(), StandardCharsets.UTF_8))
			.collect(Collectors.joining("&"));
	}

}
