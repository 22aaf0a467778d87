-- The Idempotency-Key of the request that placed the order, if it had one: the transaction that
-- makes the checkout final stores that request's answer for replays (ADR 32), instead of the
-- request storing it in a transaction of its own. NULL for orders placed without a key, and for
-- rows a previous version writes during a rolling deploy (their requests store the answer).
ALTER TABLE checkout_sagas
    ADD COLUMN idempotency_key VARCHAR(255);
