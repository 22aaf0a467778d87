package dev.sagashop.platform.web;

import jakarta.servlet.RequestDispatcher;
import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import static org.assertj.core.api.Assertions.assertThat;

class ProblemErrorControllerTest {

	final ProblemErrorController controller = new ProblemErrorController();

	@Test
	void theErrorPageIsAProblemWhateverTheRequestAccepts() throws Exception {
		MockHttpServletRequest request = new MockHttpServletRequest("GET", "/error");
		request.addHeader("Accept", "text/html");
		request.setAttribute(RequestDispatcher.ERROR_STATUS_CODE, 400);
		request.setAttribute(RequestDispatcher.ERROR_REQUEST_URI, "/api/orders");
		MockHttpServletResponse response = new MockHttpServletResponse();
		this.controller.error(request, response);
		assertThat(response.getStatus()).isEqualTo(400);
		assertThat(response.getContentType()).startsWith("application/problem+json");
		assertThat(response.getContentAsString()).contains("\"title\":\"Bad Request\"")
			.contains("\"status\":400")
			.contains("\"instance\":\"/api/orders\"");
	}

	@Test
	void anErrorWithoutAStatusIsA500ThatTellsNothingOfItsCause() throws Exception {
		MockHttpServletRequest request = new MockHttpServletRequest("GET", "/error");
		request.setAttribute(RequestDispatcher.ERROR_EXCEPTION, new IllegalStateException("secret internals"));
		MockHttpServletResponse response = new MockHttpServletResponse();
		this.controller.error(request, response);
		assertThat(response.getStatus()).isEqualTo(500);
		assertThat(response.getContentAsString()).contains("\"status\":500").doesNotContain("secret");
	}

}
