CREATE TABLE orders (
    id             UUID         PRIMARY KEY,
    customer_id    VARCHAR(255) NOT NULL,
    status         VARCHAR(16)  NOT NULL,
    total          BIGINT       NOT NULL CHECK (total >= 0),
    currency       VARCHAR(3)   NOT NULL,
    failure_reason VARCHAR(32),
    version        BIGINT       NOT NULL,
    created_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at     TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE INDEX orders_customer_created ON orders (customer_id, created_at DESC);

CREATE TABLE order_items (
    order_id   UUID        NOT NULL REFERENCES orders (id),
    line_no    INTEGER     NOT NULL,
    sku        VARCHAR(64) NOT NULL,
    quantity   INTEGER     NOT NULL CHECK (quantity BETWEEN 1 AND 1000),
    unit_price BIGINT      NOT NULL CHECK (unit_price > 0),
    PRIMARY KEY (order_id, line_no)
);
