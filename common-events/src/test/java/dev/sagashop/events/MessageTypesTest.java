package dev.sagashop.events;

import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class MessageTypesTest {

	@Test
	void knowsEveryCommandAndReplyByItsSimpleName() {
		Stream
			.concat(Arrays.stream(Command.class.getPermittedSubclasses()),
					Arrays.stream(Reply.class.getPermittedSubclasses()))
			.forEach((type) -> assertThat(MessageTypes.byName(type.getSimpleName())).hasValue(type));
		assertThat(MessageTypes.byName("NoSuchMessage")).isEmpty();
	}

	@Test
	void routesEachCommandToItsParticipant() {
		UUID id = UUID.randomUUID();
		assertThat(new ChargePayment(id, "alice", 1, "EUR", "tok_visa").topic()).isEqualTo(Topics.PAYMENT_COMMANDS);
		assertThat(new RefundPayment(id).topic()).isEqualTo(Topics.PAYMENT_COMMANDS);
		assertThat(new ReserveStock(id, List.of()).topic()).isEqualTo(Topics.INVENTORY_COMMANDS);
		assertThat(new ReleaseStock(id).topic()).isEqualTo(Topics.INVENTORY_COMMANDS);
		assertThat(new CancelShipment(id).topic()).isEqualTo(Topics.SHIPPING_COMMANDS);
	}

	@Test
	void documentsEveryTypeOnTheOneTopicThatCarriesIt() {
		List<String> documented = Topics.messages()
			.values()
			.stream()
			.flatMap(List::stream)
			.map(Class::getSimpleName)
			.toList();
		assertThat(documented).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(MessageTypes.names());
		Topics.messages()
			.forEach((topic, types) -> assertThat(types).as(topic)
				.allMatch(topic.equals(Topics.SAGA_REPLIES) ? Reply.class::isAssignableFrom
						: Command.class::isAssignableFrom));
	}

}
