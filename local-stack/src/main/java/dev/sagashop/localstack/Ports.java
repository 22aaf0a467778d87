package dev.sagashop.localstack;

/**
 * The TCP ports of one local stack: the contract's defaults, all shifted by one offset so
 * a second stack (a system test, say) can run beside a developer's.
 */
public record Ports(int gateway, int auth, int orders, int payments, int inventory, int shipping, int postgres,
		int kafka, int kafkaController, int zipkin, int console) {

	/**
	 * The contract's ports shifted by {@code offset}.
	 * @param offset added to every port, 0 for the contract's own
	 * @return the ports
	 */
	public static Ports withOffset(int offset) {
		return new Ports(8080 + offset, 9000 + offset, 8081 + offset, 8082 + offset, 8083 + offset, 8084 + offset,
				5432 + offset, 9092 + offset, 9093 + offset, 9411 + offset, 8085 + offset);
	}

	/**
	 * The port of a service's first instance.
	 * @param service one of {@link App#SERVICES}
	 * @return its port
	 */
	int service(String service) {
		return switch (service) {
			case "orders" -> this.orders;
			case "payments" -> this.payments;
			case "inventory" -> this.inventory;
			case "shipping" -> this.shipping;
			default -> throw new IllegalArgumentException("No service is called " + service);
		};
	}

}
