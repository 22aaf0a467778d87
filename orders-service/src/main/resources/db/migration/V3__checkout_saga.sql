ALTER TABLE orders
    ADD COLUMN ship_name        VARCHAR(200),
    ADD COLUMN ship_line1       VARCHAR(200),
    ADD COLUMN ship_city        VARCHAR(200),
    ADD COLUMN ship_postal_code VARCHAR(200),
    ADD COLUMN ship_country     VARCHAR(2);

-- What happened to the order, step by step, as GET /api/orders/{id} shows it.
CREATE TABLE order_history (
    order_id UUID        NOT NULL REFERENCES orders (id),
    seq      INTEGER     NOT NULL,
    step     VARCHAR(16) NOT NULL,
    outcome  VARCHAR(16) NOT NULL,
    at       TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (order_id, seq)
);

-- The state of each order's checkout saga; a row with a deadline is waiting for a reply.
CREATE TABLE checkout_sagas (
    order_id              UUID         PRIMARY KEY REFERENCES orders (id),
    phase                 VARCHAR(24)  NOT NULL,
    failure_reason        VARCHAR(32),
    pending_compensations VARCHAR(128) NOT NULL,
    card_token            VARCHAR(200) NOT NULL,
    deadline              TIMESTAMP WITH TIME ZONE,
    version               BIGINT       NOT NULL,
    updated_at            TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE INDEX checkout_sagas_due ON checkout_sagas (deadline) WHERE deadline IS NOT NULL;
