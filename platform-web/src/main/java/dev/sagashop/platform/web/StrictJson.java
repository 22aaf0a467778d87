package dev.sagashop.platform.web;

import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.deser.std.StdDeserializer;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.module.SimpleModule;

/**
 * JSON input is taken as written, not guessed at: {@code "2"} is no number, {@code 1.5}
 * is no integer, and {@code 5} or {@code true} is no text. Such a request is a 400, not
 * an order for 1 or a product whose sku is {@code "5"}. Text holds no NUL character
 * ({@code \u0000}): PostgreSQL cannot store one, so it is refused as bad input before it
 * reaches the database.
 */
final class StrictJson {

	private StrictJson() {
	}

	static JsonMapper.Builder apply(JsonMapper.Builder builder) {
		return builder.disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
			.disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
			.addModule(new SimpleModule("strict-text").addDeserializer(String.class, new TextOnly()));
	}

	/** Text from JSON strings only. */
	private static final class TextOnly extends StdDeserializer<String> {

		TextOnly() {
			super(String.class);
		}

		@Override
		public String deserialize(JsonParser parser, DeserializationContext context) {
			if (parser.currentToken() == JsonToken.VALUE_STRING) {
				String text = parser.getString();
				if (text.indexOf('\u0000') >= 0) {
					return (String) context.handleWeirdStringValue(String.class, text,
							"text may not contain the NUL character (\\u0000)");
				}
				return text;
			}
			return (String) context.handleUnexpectedToken(String.class, parser);
		}

	}

}
