package dev.sagashop.platform.messaging;

import java.util.UUID;

import dev.sagashop.events.Envelope;
import dev.sagashop.events.PaymentCharged;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class MessageCodecTest {

	/** An application that refuses unknown fields in its HTTP input. */
	private final MessageCodec codec = new MessageCodec(
			JsonMapper.builder().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build());

	private final UUID orderId = UUID.randomUUID();

	private final String written = this.codec
		.encode(Envelope.of(this.orderId, "charge-1", new PaymentCharged(this.orderId, UUID.randomUUID(), 2500)));

	@Test
	void readsWhatItWrites() {
		Envelope<?> read = this.codec.decode(this.written);
		assertThat(read.payload()).isInstanceOf(PaymentCharged.class);
		assertThat(read.version()).isEqualTo(1);
		assertThat(read.correlationId()).isEqualTo("charge-1");
	}

	@Test
	void readsFieldsItDoesNotKnowAsALaterReleaseAddedThem() {
		String later = this.written.replace("\"amount\":2500", "\"amount\":2500,\"fee\":{\"amount\":30}")
			.replace("\"version\":1", "\"version\":1,\"tenant\":\"eu\"");
		assertThat(later).contains("fee").contains("tenant");
		assertThat(this.codec.decode(later)).isEqualTo(this.codec.decode(this.written));
	}

	@Test
	void refusesAVersionNewerThanItReadsSoThatItIsDeadLetteredNotMisread() {
		String newer = this.written.replace("\"version\":1", "\"version\":2");
		assertThatExceptionOfType(MessageCodec.MalformedMessageException.class)
			.isThrownBy(() -> this.codec.decode(newer))
			.withMessageContaining("PaymentCharged version 2 is newer than this release reads (1)");
	}

	@Test
	void refusesATypeItDoesNotKnow() {
		assertThatExceptionOfType(MessageCodec.MalformedMessageException.class)
			.isThrownBy(
					() -> this.codec.decode(this.written.replace("\"type\":\"PaymentCharged\"", "\"type\":\"Nope\"")))
			.withMessageContaining("Unknown message type 'Nope'");
	}

}
