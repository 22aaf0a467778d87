package dev.sagashop.shipping.shipment;

import dev.sagashop.platform.messaging.DatabaseFailures;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.dao.DataAccessException;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * The simulated carrier's van: every round, collects the scheduled shipments whose
 * collection time has come ({@link Dispatcher#collectDue}).
 */
@Component
class Collector {

	private static final int BATCH = 500;

	private static final Log logger = LogFactory.getLog(Collector.class);

	private final Dispatcher dispatcher;

	Collector(Dispatcher dispatcher) {
		this.dispatcher = dispatcher;
	}

	@Scheduled(fixedDelayString = "${sagashop.shipping.collection-scan-interval:1s}")
	void collect() {
		try {
			while (this.dispatcher.collectDue(BATCH) == BATCH) {
				// a full batch: more may be due
			}
		}
		catch (DataAccessException ex) {
			if (!DatabaseFailures.unreachable(ex)) {
				throw ex;
			}
			// The next round tries again; no stack trace every second while it is away.
			logger.warn("No shipments collected: the database cannot be reached (" + ex.getMessage() + ")");
		}
	}

}
