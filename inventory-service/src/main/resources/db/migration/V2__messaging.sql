-- Messages committed with the state change that caused them; platform-messaging's relay sends
-- and deletes them.
CREATE TABLE outbox (
    id         UUID         PRIMARY KEY,
    topic      VARCHAR(255) NOT NULL,
    record_key VARCHAR(255) NOT NULL,
    payload    TEXT         NOT NULL,
    created_at TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE INDEX outbox_created ON outbox (created_at);

-- Every message this service has handled, recorded in the transaction of its effect.
CREATE TABLE inbox (
    message_id  UUID PRIMARY KEY,
    received_at TIMESTAMP WITH TIME ZONE NOT NULL
);
