package dev.sagashop.auth;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The OAuth2 authorization server of sagashop. For now it only runs and reports its
 * health; the token endpoints and demo clients come with the identity work.
 */
@SpringBootApplication
public class AuthServerApplication {

	public static void main(String[] args) {
		SpringApplication.run(AuthServerApplication.class, args);
	}

}
