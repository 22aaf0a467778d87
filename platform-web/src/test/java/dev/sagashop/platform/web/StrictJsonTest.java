package dev.sagashop.platform.web;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class StrictJsonTest {

	final JsonMapper json = StrictJson.apply(JsonMapper.builder()).build();

	record Line(String sku, Integer quantity) {
	}

	@ParameterizedTest
	@ValueSource(strings = { "{\"sku\":5,\"quantity\":1}", "{\"sku\":true,\"quantity\":1}",
			"{\"sku\":1.5,\"quantity\":1}", "{\"sku\":{},\"quantity\":1}", "{\"sku\":\"A\",\"quantity\":\"2\"}",
			"{\"sku\":\"A\",\"quantity\":1.5}", "{\"sku\":\"A\",\"quantity\":true}",
			"{\"sku\":\"A\\u0000\",\"quantity\":1}", "{\"sku\":\"\\u0000\",\"quantity\":1}" })
	void refusesWhatWouldOnlyFitByCoercionAndTextWithNul(String body) {
		assertThatExceptionOfType(JacksonException.class).isThrownBy(() -> this.json.readValue(body, Line.class));
	}

	@ParameterizedTest
	@ValueSource(strings = { "{\"sku\":\"A\",\"quantity\":2}", "{\"sku\":null,\"quantity\":null}" })
	void readsWhatIsWrittenAsTheTypesAsk(String body) {
		assertThat(this.json.readValue(body, Line.class)).isNotNull();
	}

}
