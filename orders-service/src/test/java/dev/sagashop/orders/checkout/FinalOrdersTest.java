package dev.sagashop.orders.checkout;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class FinalOrdersTest {

	private final UUID orderId = UUID.randomUUID();

	@Test
	void aNoticeCarriesTheOrderItAnnounces() {
		String view = "{\"id\":\"" + this.orderId + "\",\"status\":\"CONFIRMED\",\"customerId\":\"Zoë Ærø\"}";
		FinalOrders.Notice notice = FinalOrders.parse(FinalOrders.payload(this.orderId, view));
		assertThat(notice.orderId()).isEqualTo(this.orderId);
		assertThat(notice.view()).isEqualTo(view);
	}

	@Test
	void anOrderTooLongForANoticeIsAnnouncedByItsIdAlone() {
		// Counted in bytes: 3 950 two-byte characters are 7 900 bytes.
		String view = "\"" + "é".repeat(3_950) + "\"";
		assertThat(view.length()).isLessThan(FinalOrders.MAX_NOTICE_BYTES);
		assertThat(view.getBytes(StandardCharsets.UTF_8).length).isGreaterThan(FinalOrders.MAX_NOTICE_BYTES);
		String payload = FinalOrders.payload(this.orderId, view);
		assertThat(payload).isEqualTo(this.orderId.toString());
		FinalOrders.Notice notice = FinalOrders.parse(payload);
		assertThat(notice.orderId()).isEqualTo(this.orderId);
		assertThat(notice.view()).isNull();
	}

}
