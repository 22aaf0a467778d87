package dev.sagashop.events;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
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

	/**
	 * The payload schema version this release writes, and the newest it reads, of every
	 * type. Raised for a type only on an incompatible change, which a rolling deploy
	 * cannot carry: see docs/messages.md.
	 */
	private static final int VERSION = 1;

	private MessageTypes() {
	}

	/**
	 * Every type's name, as envelopes carry it.
	 * @return the names
	 */
	public static Set<String> names() {
		return BY_NAME.keySet();
	}

	/**
	 * The version of a payload type this release writes and the newest it can read.
	 * @param name the envelope's {@code type}
	 * @return the version
	 */
	public static int version(String name) {
		return VERSION;
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
