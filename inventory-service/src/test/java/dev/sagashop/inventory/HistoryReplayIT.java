package dev.sagashop.inventory;

import javax.sql.DataSource;

import dev.sagashop.events.Topics;
import dev.sagashop.platform.messaging.MessageCodec;
import dev.sagashop.testsupport.HistoryReplay;
import dev.sagashop.testsupport.RealInfrastructure;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * The recorded history of stock commands (common-events' history/v1), every record
 * delivered twice and then the whole topic again, into a database that has never seen
 * these orders: the same reservations and stock as the real system's, and the same
 * replies (ADR 26).
 */
@SpringBootTest
@RealInfrastructure
class HistoryReplayIT {

	@Test
	void replaysItsRecordedCommandsToTheSameStock(@Autowired KafkaTemplate<String, String> kafka,
			@Autowired ConsumerFactory<String, String> consumers, @Autowired MessageCodec codec,
			@Autowired DataSource database) throws Exception {
		new HistoryReplay(kafka, consumers, codec, database).replay("inventory", Topics.INVENTORY_COMMANDS);
	}

}
