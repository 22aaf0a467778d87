package dev.sagashop.platform.web;

import java.util.Collections;

import jakarta.servlet.http.HttpServletRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import static org.assertj.core.api.Assertions.assertThat;

class MediaTypeHeadersTest {

	final MediaTypeHeaders filter = new MediaTypeHeaders();

	final MockFilterChain chain = new MockFilterChain();

	final MockHttpServletResponse response = new MockHttpServletResponse();

	@ParameterizedTest
	@ValueSource(strings = { "application/*", "*/*", "*/*; charset=utf-8" })
	void aWildcardContentTypeIs415BeforeAnythingRuns(String contentType) throws Exception {
		MockHttpServletRequest request = new MockHttpServletRequest("POST", "/api/orders");
		request.setContentType(contentType);
		this.filter.doFilter(request, this.response, this.chain);
		assertThat(this.chain.getRequest()).isNull();
		assertThat(this.response.getStatus()).isEqualTo(415);
		assertThat(this.response.getContentType()).startsWith("application/problem+json");
	}

	@ParameterizedTest
	@ValueSource(strings = { "text/html", "application/xml", "*/*;q=0", "text/*" })
	void anApiRequestThatTakesNoJsonIs406BeforeAnythingRuns(String accept) throws Exception {
		MockHttpServletRequest request = new MockHttpServletRequest("PUT", "/api/products/CAP-1/stock");
		request.addHeader("Accept", accept);
		this.filter.doFilter(request, this.response, this.chain);
		assertThat(this.chain.getRequest()).as("the endpoint never ran").isNull();
		assertThat(this.response.getStatus()).isEqualTo(406);
		assertThat(this.response.getContentAsString()).contains("\"status\":406");
	}

	@ParameterizedTest
	@ValueSource(strings = { "application/json", "*/*", "application/*", "text/html, application/json;q=0.1",
			"application/problem+json" })
	void anAcceptThatTakesJsonGoesThrough(String accept) throws Exception {
		MockHttpServletRequest request = new MockHttpServletRequest("GET", "/api/products");
		request.addHeader("Accept", accept);
		this.filter.doFilter(request, this.response, this.chain);
		assertThat(this.chain.getRequest()).isNotNull();
		assertThat(((HttpServletRequest) this.chain.getRequest()).getHeader("Accept")).isEqualTo(accept);
	}

	@Test
	void anAcceptThatCannotBeParsedIsDisregarded() throws Exception {
		MockHttpServletRequest request = new MockHttpServletRequest("GET", "/api/products");
		request.addHeader("Accept", "wait=99999999999");
		this.filter.doFilter(request, this.response, this.chain);
		HttpServletRequest passed = (HttpServletRequest) this.chain.getRequest();
		assertThat(passed.getHeader("Accept")).isNull();
		assertThat(passed.getHeaders("Accept").hasMoreElements()).isFalse();
		assertThat(Collections.list(passed.getHeaderNames())).doesNotContain("Accept");
	}

	@Test
	void otherPathsMayAskForOtherTypes() throws Exception {
		MockHttpServletRequest request = new MockHttpServletRequest("GET", "/actuator/prometheus");
		request.addHeader("Accept", "text/plain");
		this.filter.doFilter(request, this.response, this.chain);
		assertThat(this.chain.getRequest()).isNotNull();
	}

}
