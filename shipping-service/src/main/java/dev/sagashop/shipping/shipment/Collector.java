package dev.sagashop.shipping.shipment;

import java.util.List;

import dev.sagashop.platform.messaging.DatabaseFailures;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.dao.DataAccessException;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * The simulated carrier's van: collects the scheduled shipments whose collection time has
 * come ({@code DISPATCHED}), one statement per round however many are due.
 */
@Component
class Collector {

	private static final int BATCH = 500;

	private static final Log logger = LogFactory.getLog(Collector.class);

	private final Shipments shipments;

	Collector(Shipments shipments) {
		this.shipments = shipments;
	}

	@Scheduled(fixedDelayString = "${sagashop.shipping.collection-scan-interval:1s}")
	void collect() {
		try {
			List<Shipments.Collected> collected;
			do {
				collected = this.shipments.dispatchDue(BATCH);
				collected.forEach((shipment) -> logger.info("Order %s: shipment %s collected by its carrier"
					.formatted(shipment.orderId(), shipment.trackingNumber())));
			}
			while (collected.size() == BATCH);
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
