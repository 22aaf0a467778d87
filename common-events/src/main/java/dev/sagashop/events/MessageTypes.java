package dev.sagashop.events;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Every payload type by the name the envelope carries ({@link Envelope#type()}), so a
 * reader can turn JSON back into the right record.
 */
public final class MessageTypes {

	private static final Map<String, Class<?>> BY_NAME = List
		.<Class<?>>of(ChargePayment.class, RefundPayment.class, ReserveStock.class, ReleaseStock.class,
				ScheduleShipment.class, CancelShipment.class, PaymentCharged.class, PaymentDeclined.class,
				PaymentRefunded.class, StockReserved.class, StockUnavailable.class, StockReleased.class,
				ShipmentScheduled.class, ShipmentRefused.class, ShipmentCancelled.class, ShipmentDispatched.class)
		.stream()
		.collect(Collectors.toUnmodifiableMap(Class::getSimpleName, Function.identity()));

	private MessageTypes() {
	}

	/**
	 * The record type of a payload.
	 * @param name the envelope's {@code type}
	 * @return the type, empty when this version does not know it
	 */
	public static Optional<Class<?>> byName(String name) {
		return Optional.ofNullable(BY_NAME.get(name));
	}

}
