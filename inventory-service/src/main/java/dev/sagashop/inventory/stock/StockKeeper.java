package dev.sagashop.inventory.stock;

import java.util.List;
import java.util.Optional;

import dev.sagashop.events.ReleaseStock;
import dev.sagashop.events.Reply;
import dev.sagashop.events.ReserveStock;
import dev.sagashop.events.StockReleased;
import dev.sagashop.events.StockReserved;
import dev.sagashop.events.StockUnavailable;
import dev.sagashop.inventory.catalog.Product;
import dev.sagashop.inventory.catalog.Products;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Reserves and releases stock for the checkout saga: all or nothing per order, never
 * below zero (the products are locked while the decision is made), and each at most once
 * per order.
 */
@Service
public class StockKeeper {

	private static final Log logger = LogFactory.getLog(StockKeeper.class);

	private final Products products;

	private final StockReservations reservations;

	StockKeeper(Products products, StockReservations reservations) {
		this.products = products;
		this.reservations = reservations;
	}

	/**
	 * Reserves every line of the order or none.
	 * @param command the reservation
	 * @return {@link StockReserved}, or {@link StockUnavailable} naming the short
	 * products
	 */
	@Transactional(propagation = Propagation.MANDATORY)
	public Reply reserve(ReserveStock command) {
		this.reservations.lockOrder(command.orderId());
		Optional<StockReservation> earlier = this.reservations.findById(command.orderId());
		if (earlier.isPresent()) {
			return replyTo(earlier.get());
		}
		WantedStock wanted = WantedStock.of(command.lines());
		List<Product> locked = this.products.lockAll(wanted.skus());
		List<String> shortSkus = wanted.shortIn(locked);
		if (!shortSkus.isEmpty()) {
			this.reservations.save(StockReservation.refused(command.orderId()));
			logger.info("Order %s: stock short for %s".formatted(command.orderId(), shortSkus));
			return new StockUnavailable(command.orderId(), shortSkus);
		}
		List<ReservedLine> held = wanted.takeFrom(locked);
		this.products.updateAvailable(locked);
		this.reservations.save(StockReservation.reserved(command.orderId(), held));
		logger.info("Order %s: reserved %s".formatted(command.orderId(), wanted));
		return new StockReserved(command.orderId());
	}

	/**
	 * Gives back what the order holds; with no reservation yet, makes sure none will be
	 * made.
	 * @param command the release
	 * @return {@link StockReleased}, always
	 */
	@Transactional(propagation = Propagation.MANDATORY)
	public Reply release(ReleaseStock command) {
		this.reservations.lockOrder(command.orderId());
		Optional<StockReservation> reservation = this.reservations.findById(command.orderId());
		if (reservation.isEmpty()) {
			this.reservations.save(StockReservation.cancelledBeforeReserved(command.orderId()));
			logger.info("Order %s: released before any reservation; a late one will be refused"
				.formatted(command.orderId()));
		}
		else if (reservation.get().getStatus() == StockReservation.Status.RESERVED) {
			StockReservation held = reservation.get();
			List<Product> locked = this.products.lockAll(held.getLines().stream().map(ReservedLine::sku).toList());
			held.releaseInto(locked);
			this.products.updateAvailable(locked);
			this.reservations.updateStatus(held);
			logger.info("Order %s: released %s".formatted(command.orderId(), held.getLines()));
		}
		return new StockReleased(command.orderId());
	}

	private static Reply replyTo(StockReservation reservation) {
		if (reservation.getStatus() == StockReservation.Status.RESERVED) {
			return new StockReserved(reservation.getOrderId());
		}
		logger.info("Order %s: refusing reservation, it is already %s".formatted(reservation.getOrderId(),
				reservation.getStatus()));
		return new StockUnavailable(reservation.getOrderId(), List.of());
	}

}
