package dev.sagashop.platform.web;

import java.util.Collection;

import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.oauth2.jwt.Jwt;

/**
 * Who sent a request: the customer id is the token's {@code sub}; {@code admin} scope may
 * read every customer's data. Controllers take it as a parameter.
 *
 * @param customerId the token's subject
 * @param admin whether the token carries scope {@code admin}
 */
public record Caller(String customerId, boolean admin) {

	static Caller of(Jwt token, Collection<? extends GrantedAuthority> authorities) {
		return new Caller(token.getSubject(),
				authorities.stream().anyMatch((authority) -> ApiAccessRules.ADMIN.equals(authority.getAuthority())));
	}

	/**
	 * Whether this caller may see data of a customer.
	 * @param owner the customer who owns the data
	 * @return {@code true} for the owner and for admins
	 */
	public boolean maySee(String owner) {
		return this.admin || this.customerId.equals(owner);
	}

}
