package dev.sagashop.platform.web;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.web.server.ResponseStatusException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class PagingParametersTest {

	final PagingParameters paging = new PagingParameters();

	@ParameterizedTest
	@CsvSource(delimiter = ';',
			value = { "page; -1", "page; x", "page; 1.5", "page; ''", "size; 0", "size; 101", "size; abc",
					"size; 99999999999999999999", "sort; ''", "sort; ' '", "sort; ..", "sort; sku,up",
					"sort; 'sku;drop'", "sort; 'sku, desc'", "sort; ,desc" })
	void refusesWhatSpringDataWouldQuietlyReplace(String name, String value) {
		MockHttpServletRequest request = new MockHttpServletRequest("GET", "/api/orders");
		request.setParameter(name, value);
		assertThatExceptionOfType(ResponseStatusException.class)
			.isThrownBy(() -> this.paging.preHandle(request, new MockHttpServletResponse(), new Object()))
			.satisfies((ex) -> assertThat(ex.getStatusCode().value()).isEqualTo(400));
	}

	@ParameterizedTest
	@CsvSource(delimiter = ';',
			value = { "page; 0", "page; 7", "size; 1", "size; 100", "sort; sku", "sort; price,desc", "sort; name,ASC" })
	void letsSensibleValuesThrough(String name, String value) {
		MockHttpServletRequest request = new MockHttpServletRequest("GET", "/api/orders");
		request.setParameter(name, value);
		assertThat(this.paging.preHandle(request, new MockHttpServletResponse(), new Object())).isTrue();
	}

}
