package dev.sagashop.platform.web;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import dev.sagashop.platform.messaging.DeadLetters;
import dev.sagashop.platform.messaging.DeadLetters.DeadLetter;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springdoc.core.customizers.OpenApiCustomizer;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * {@code /api/dead-letters/<service>}: the messages this service gave up on, for admins,
 * with a redrive and a discard each, decided once ({@link DeadLetters}). Each service
 * serves its own under its name, so the gateway routes them without rewriting a path.
 */
@RestController
@Tag(name = "dead letters", description = "The messages a service gave up on, for admins: list, redrive, discard")
@RequestMapping("/api/dead-letters/${spring.application.name}")
public class DeadLetterEndpoint {

	private static final String PROBLEM = "#/components/schemas/" + OpenApiDocument.PROBLEM;

	private final DeadLetters deadLetters;

	DeadLetterEndpoint(DeadLetters deadLetters) {
		this.deadLetters = deadLetters;
	}

	@Operation(operationId = "listDeadLetters", summary = "List the messages this service gave up on (admins)",
			description = "Newest first (at most 500): where each came from, its order, type and payload, why it "
					+ "failed, and what an admin decided about it. Needs the admin scope.")
	@GetMapping
	List<DeadLetterView> list() {
		return this.deadLetters.list().stream().map(DeadLetterView::of).toList();
	}

	@Operation(operationId = "redriveDeadLetter", summary = "Send a dead letter again to its topic, once (admins)",
			description = "The record goes again, as it was, to the topic it came from; the decision is recorded "
					+ "with who made it and logged. A dead letter is redriven or discarded once: 409 after that.")
	@ApiResponse(responseCode = "200", description = "Redriven")
	@ApiResponse(responseCode = "409", description = "Redriven or discarded before",
			content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = PROBLEM)))
	@PostMapping("/{dltTopic}/{partition}/{offset}/redrive")
	DeadLetterView redrive(@Parameter(description = "Its dead-letter topic") @PathVariable String dltTopic,
			@Parameter(description = "Its partition there") @PathVariable int partition,
			@Parameter(description = "Its offset there") @PathVariable long offset, Caller caller) {
		return decided(this.deadLetters.redrive(dltTopic, partition, offset, caller.customerId()), dltTopic, partition,
				offset);
	}

	@Operation(operationId = "discardDeadLetter", summary = "Leave a dead letter be, for good (admins)",
			description = "Recorded with who decided and logged. A dead letter is redriven or discarded once: 409 "
					+ "after that.")
	@ApiResponse(responseCode = "200", description = "Discarded")
	@ApiResponse(responseCode = "409", description = "Redriven or discarded before",
			content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = PROBLEM)))
	@PostMapping("/{dltTopic}/{partition}/{offset}/discard")
	DeadLetterView discard(@Parameter(description = "Its dead-letter topic") @PathVariable String dltTopic,
			@Parameter(description = "Its partition there") @PathVariable int partition,
			@Parameter(description = "Its offset there") @PathVariable long offset, Caller caller) {
		return decided(this.deadLetters.discard(dltTopic, partition, offset, caller.customerId()), dltTopic, partition,
				offset);
	}

	@ExceptionHandler(DeadLetters.AlreadyDecided.class)
	ProblemDetail alreadyDecided(DeadLetters.AlreadyDecided ex) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, ex.getMessage());
		problem.setTitle("Already decided");
		return problem;
	}

	/**
	 * A dead letter as the API shows it.
	 *
	 * @param dltTopic the dead-letter topic it is on
	 * @param dltPartition its partition there
	 * @param dltOffset its offset there
	 * @param topic where it came from
	 * @param orderId its record key, the order's id
	 * @param type its message type
	 * @param payload its value, as it was
	 * @param error why it was given up on
	 * @param deadLetteredAt when
	 * @param decision what an admin decided
	 * @param decidedBy who
	 * @param decidedAt when
	 */
	@Schema(name = "DeadLetter", description = "A message a service gave up on, and what an admin decided about it")
	record DeadLetterView(@Schema(description = "The dead-letter topic it is on") String dltTopic,
			@Schema(description = "Its partition there") int dltPartition,
			@Schema(description = "Its offset there") long dltOffset,
			@Schema(description = "The topic it came from, where a redrive sends it") String topic,
			@Schema(description = "Its record key: the order's id", types = {
					"string", "null" }) String orderId,
			@Schema(description = "Its message type; empty when it could not be read",
					example = "ChargePayment") String type,
			@Schema(description = "Its value, as it was") String payload,
			@Schema(description = "Why it was given up on", types = { "string", "null" }) String error,
			@Schema(description = "When it was parked") Instant deadLetteredAt,
			@Schema(description = "REDRIVEN or DISCARDED; null while nobody decided", types = { "string", "null" },
					allowableValues = { "REDRIVEN", "DISCARDED" }) String decision,
			@Schema(description = "Who decided", types = { "string", "null" }) String decidedBy,
			@Schema(description = "When", types = { "string", "null" }, format = "date-time") Instant decidedAt){

		static DeadLetterView of(DeadLetter letter) {
			return new DeadLetterView(letter.dltTopic(), letter.dltPartition(), letter.dltOffset(), letter.topic(),
					letter.key(), letter.type(), letter.payload(), letter.error(), letter.deadLetteredAt(),
					letter.decision(), letter.decidedBy(), letter.decidedAt());
		}

	}

	/** The decided dead letter, or 404 when there was none to decide about. */
	private static DeadLetterView decided(Optional<DeadLetter> letter, String dltTopic, int partition, long offset) {
		return letter.map(DeadLetterView::of)
			.orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND,
					"No dead letter at %s/%d/%d".formatted(dltTopic, partition, offset)));
	}

	/** Registers the endpoint in every service with dead letters. */
	@AutoConfiguration(after = dev.sagashop.platform.messaging.MessagingAutoConfiguration.class)
	@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
	@ConditionalOnClass(DeadLetters.class)
	@ConditionalOnBean(DeadLetters.class)
	public static class Registration {

		@Bean
		DeadLetterEndpoint deadLetterEndpoint(DeadLetters deadLetters) {
			return new DeadLetterEndpoint(deadLetters);
		}

		/**
		 * Each service's operations named after it
		 * ({@code listDeadLettersOfPaymentsService}): the combined document of every
		 * service needs them unique.
		 */
		@Bean
		OpenApiCustomizer deadLetterOperationIds(Environment environment) {
			String service = camel(environment.getProperty("spring.application.name", "service"));
			return (openApi) -> {
				if (openApi.getPaths() == null) {
					return;
				}
				openApi.getPaths()
					.entrySet()
					.stream()
					.filter((path) -> path.getKey().startsWith("/api/dead-letters/"))
					.flatMap((path) -> path.getValue().readOperations().stream())
					.filter((operation) -> operation.getOperationId() != null
							&& !operation.getOperationId().endsWith(service))
					.forEach((operation) -> operation.setOperationId(operation.getOperationId() + "Of" + service));
			};
		}

		private static String camel(String name) {
			StringBuilder camel = new StringBuilder();
			for (String part : name.split("-")) {
				if (!part.isEmpty()) {
					camel.append(part.substring(0, 1).toUpperCase(Locale.ROOT)).append(part.substring(1));
				}
			}
			return camel.toString();
		}

	}

}
