CREATE TABLE payments (
    id          UUID         PRIMARY KEY,
    order_id    UUID         NOT NULL,
    customer_id VARCHAR(255) NOT NULL,
    type        VARCHAR(8)   NOT NULL CHECK (type IN ('CHARGE', 'REFUND')),
    status      VARCHAR(10)  NOT NULL CHECK (status IN ('SUCCEEDED', 'DECLINED')),
    amount      BIGINT       NOT NULL CHECK (amount >= 0),
    currency    VARCHAR(3)   NOT NULL,
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE INDEX payments_order ON payments (order_id, created_at);
