package dev.sagashop.orders.checkout;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class FinalNoticeTest {

	private final UUID orderId = UUID.randomUUID();

	@Test
	void aNoticeCarriesTheOrderItAnnounces() {
		String view = "{\"id\":\"" + this.orderId + "\",\"status\":\"CONFIRMED\",\"customerId\":\"Zoë Ærø\"}";
		FinalNotice notice = FinalNotice.parse(FinalNotice.of(this.orderId, view).payload());
		assertThat(notice.orderId()).isEqualTo(this.orderId);
		assertThat(notice.view()).isEqualTo(view);
	}

	@Test
	void anOrderTooLongForANoticeIsAnnouncedByItsIdAlone() {
		// Counted in bytes: 3 950 two-byte characters are 7 900 bytes.
		String view = "\"" + "é".repeat(3_950) + "\"";
		assertThat(view.length()).isLessThan(FinalNotice.MAX_BYTES);
		assertThat(view.getBytes(StandardCharsets.UTF_8).length).isGreaterThan(FinalNotice.MAX_BYTES);
		String payload = FinalNotice.of(this.orderId, view).payload();
		assertThat(payload).isEqualTo(this.orderId.toString());
		FinalNotice notice = FinalNotice.parse(payload);
		assertThat(notice.orderId()).isEqualTo(this.orderId);
		assertThat(notice.view()).isNull();
	}

}
