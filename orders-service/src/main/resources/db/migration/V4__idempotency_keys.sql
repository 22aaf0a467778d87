-- Idempotency-Key of POST /api/orders, per customer. A key is claimed before the order is
-- placed; order_id is set in the order's own transaction; the response is kept for replays.
CREATE TABLE idempotency_keys (
    customer_id     VARCHAR(255) NOT NULL,
    idempotency_key VARCHAR(255) NOT NULL,
    request_hash    CHAR(64)     NOT NULL,
    order_id        UUID,
    response_status INTEGER,
    response_body   TEXT,
    created_at      TIMESTAMPTZ  NOT NULL,
    PRIMARY KEY (customer_id, idempotency_key)
);

CREATE INDEX idempotency_keys_created ON idempotency_keys (created_at);
