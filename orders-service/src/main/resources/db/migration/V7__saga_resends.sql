-- A waiting step wakes up to resend its command (wake_at) until it gives up (deadline);
-- started_at is when the saga began, both by the database's clock. Admission control
-- reads the sagas in flight through the wake_at index.
ALTER TABLE checkout_sagas
    ADD COLUMN wake_at    TIMESTAMP WITH TIME ZONE,
    ADD COLUMN started_at TIMESTAMP WITH TIME ZONE;

UPDATE checkout_sagas SET wake_at = deadline, started_at = updated_at;

CREATE INDEX checkout_sagas_wake ON checkout_sagas (wake_at) WHERE wake_at IS NOT NULL;
