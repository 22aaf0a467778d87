package dev.sagashop.auth;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.text.ParseException;
import java.util.UUID;

import com.nimbusds.jose.jwk.RSAKey;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * The RSA key that signs every token. Kept in a file so that tokens issued before a
 * restart stay valid and the services' cached JWKS stays right.
 */
final class SigningKey {

	private static final Log logger = LogFactory.getLog(SigningKey.class);

	private SigningKey() {
	}

	/**
	 * Reads the key from {@code file}, creating it (readable by the owner only) on first
	 * use.
	 * @param file the JWK file, or {@code null} for a key that lives as long as the
	 * process
	 * @return the key pair as a JWK
	 */
	static RSAKey loadOrCreate(Path file) {
		if (file == null) {
			logger.warn("No sagashop.auth.key-file (SAGASHOP_AUTH_KEY_FILE): signing with a new key; "
					+ "tokens issued before a restart will be refused after it");
			return generate();
		}
		try {
			if (Files.exists(file)) {
				RSAKey key = RSAKey.parse(Files.readString(file));
				logger.info("Signing tokens with key %s from %s".formatted(key.getKeyID(), file));
				return key;
			}
			RSAKey key = generate();
			Files.createDirectories(file.toAbsolutePath().getParent());
			Path partial = file.resolveSibling(file.getFileName() + ".tmp");
			Files.deleteIfExists(partial);
			Files.createFile(partial,
					PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
			Files.writeString(partial, key.toJSONString(), StandardOpenOption.TRUNCATE_EXISTING);
			Files.move(partial, file);
			logger.info("Created signing key %s in %s".formatted(key.getKeyID(), file));
			return key;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot read or create the signing key " + file, ex);
		}
		catch (ParseException ex) {
			throw new IllegalStateException("The signing key " + file + " is not an RSA JWK: " + ex.getMessage(), ex);
		}
	}

	private static RSAKey generate() {
		try {
			KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
			generator.initialize(2048);
			var pair = generator.generateKeyPair();
			return new RSAKey.Builder((RSAPublicKey) pair.getPublic()).privateKey((RSAPrivateKey) pair.getPrivate())
				.keyID(UUID.randomUUID().toString())
				.build();
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("No RSA on this JVM", ex);
		}
	}

}
