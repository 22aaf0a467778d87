package dev.sagashop.orders.checkout;

import java.time.Instant;
import java.util.UUID;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * One thing an order's saga did, as its journal has it.
 *
 * @param at when, by the orders database's clock
 * @param kind what happened
 * @param type the message's type, when a message was sent or received
 * @param messageId the message's id, when a message was sent or received
 * @param topic the message's topic, when a message was sent or received
 * @param phase where the saga stood afterwards
 * @param deadline the step's deadline afterwards, when its step has one
 */
@Schema(name = "JournalEntry", description = "One thing an order's saga did")
public record JournalEntry(@Schema(description = "When, by the orders database's clock") Instant at,
		@Schema(description = "What happened") Kind kind,
		@Schema(description = "The message's type, when a message was sent or received", types = {
				"string", "null" }, example = "ChargePayment") String type,
		@Schema(description = "The message's id, when a message was sent or received", types = { "string", "null" },
				format = "uuid") UUID messageId,
		@Schema(description = "The message's topic, when a message was sent or received", types = { "string", "null" },
				example = "sagashop.payments.commands") String topic,
		@Schema(description = "Where the saga stood afterwards") Phase phase,
		@Schema(description = "The step's deadline afterwards, when its step has one", types = { "string", "null" },
				format = "date-time") Instant deadline){

	/** What a journal entry records. */
	@Schema(name = "JournalEntryKind")
	public enum Kind {

		/** A command sent to a participant. */
		SENT,

		/** A command sent again while the saga waited for its reply. */
		RESENT,

		/** A participant's reply, which moved the saga. */
		RECEIVED,

		/**
		 * A reply the saga had no use for: a second answer to a resent command, or late.
		 */
		IGNORED,

		/** The step's deadline passed without a reply; the saga gave up on it. */
		DEADLINE_PASSED,

		/** The customer asked to cancel the order. */
		CANCEL_REQUESTED

	}

}
