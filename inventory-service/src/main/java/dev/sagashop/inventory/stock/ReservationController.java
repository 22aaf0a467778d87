package dev.sagashop.inventory.stock;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/reservations?orderId=}: what inventory-service holds (or held) for an
 * order, for admins: it keeps no customer with a reservation, so it cannot tell an
 * order's owner from anyone else.
 */
@RestController
@Tag(name = "reservations", description = "The stock held for each order, for admins")
@RequestMapping("/api/reservations")
class ReservationController {

	private final StockReservations reservations;

	ReservationController(StockReservations reservations) {
		this.reservations = reservations;
	}

	@Operation(operationId = "listReservations", summary = "Read an order's stock reservation (admins)",
			description = "The reservation its checkout made and what became of it (RESERVED, RELEASED, CANCELLED "
					+ "when the release came first, REFUSED when stock was short), with its lines; an empty list "
					+ "when there is none. Needs the admin scope.")
	@GetMapping
	List<ReservationView> list(@Parameter(description = "The order's id") @RequestParam UUID orderId) {
		return this.reservations.findById(orderId).map(ReservationView::of).stream().toList();
	}

	/**
	 * A reservation as the API shows it.
	 *
	 * @param orderId the order
	 * @param status where it stands
	 * @param lines what it holds
	 * @param createdAt when it was made
	 * @param updatedAt when it last changed
	 */
	@Schema(name = "Reservation", description = "The stock held for an order")
	record ReservationView(@Schema(description = "The order") UUID orderId,
			@Schema(description = "Where it stands") StockReservation.Status status,
			@Schema(description = "What it holds, by product") List<ReservedLine> lines,
			@Schema(description = "When it was made") Instant createdAt,
			@Schema(description = "When it last changed") Instant updatedAt) {

		static ReservationView of(StockReservation reservation) {
			return new ReservationView(reservation.getOrderId(), reservation.getStatus(), reservation.getLines(),
					reservation.getCreatedAt(), reservation.getUpdatedAt());
		}

	}

}
