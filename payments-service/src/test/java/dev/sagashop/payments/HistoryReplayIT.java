package dev.sagashop.payments;

import dev.sagashop.events.Topics;
import dev.sagashop.testsupport.HistoryReplay;
import dev.sagashop.testsupport.RealInfrastructure;

import org.springframework.boot.test.context.SpringBootTest;

/**
 * The recorded history of payment commands (common-events' history/v1), every record
 * delivered twice and then the whole topic again, into a database that has never seen
 * these orders: the same ledger as the real system's, and the same replies (ADR 26).
 */
@SpringBootTest
@RealInfrastructure
class HistoryReplayIT implements HistoryReplay {

	@Override
	public String participant() {
		return "payments";
	}

	@Override
	public String commandTopic() {
		return Topics.PAYMENT_COMMANDS;
	}

}
