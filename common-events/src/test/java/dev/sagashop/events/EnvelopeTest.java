package dev.sagashop.events;

import java.util.UUID;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

class EnvelopeTest {

	record Ping(String text) {
	}

	@Test
	void namesThePayloadTypeAndKeysByOrder() {
		UUID orderId = UUID.randomUUID();
		Envelope<Ping> envelope = Envelope.of(orderId, "req-1", new Ping("hi"));
		assertThat(envelope.type()).isEqualTo("Ping");
		assertThat(envelope.key()).isEqualTo(orderId.toString());
		assertThat(envelope.version()).isEqualTo(1);
		assertThat(envelope.messageId()).isNotEqualTo(Envelope.of(orderId, "req-1", new Ping("hi")).messageId());
	}

	@Test
	void refusesMissingPartsAndVersionZero() {
		UUID id = UUID.randomUUID();
		Envelope<Ping> valid = Envelope.of(id, null, new Ping("x"));
		assertThatNullPointerException().isThrownBy(() -> Envelope.of(null, null, new Ping("x")));
		assertThatIllegalArgumentException().isThrownBy(
				() -> new Envelope<>(valid.messageId(), id, "Ping", 0, valid.occurredAt(), null, valid.payload()));
	}

}
