-- The trace a message was written in (W3C traceparent, one name=value per line), so that the
-- relay sends it in the same trace however late it leaves.
ALTER TABLE outbox ADD COLUMN trace_context TEXT;

-- The trace of the checkout, so that a passed deadline's compensations join it.
ALTER TABLE checkout_sagas ADD COLUMN trace_context TEXT;
