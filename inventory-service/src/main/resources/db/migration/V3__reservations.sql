-- What the saga reserved for each order; RELEASED once given back, CANCELLED when the release
-- came first (a tombstone: a late reservation is refused), REFUSED when stock was short.
CREATE TABLE stock_reservations (
    order_id   UUID        PRIMARY KEY,
    status     VARCHAR(10) NOT NULL CHECK (status IN ('RESERVED', 'RELEASED', 'CANCELLED', 'REFUSED')),
    version    BIGINT      NOT NULL,
    created_at TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE TABLE stock_reservation_lines (
    order_id UUID        NOT NULL REFERENCES stock_reservations (order_id),
    sku      VARCHAR(64) NOT NULL REFERENCES products (sku),
    quantity INTEGER     NOT NULL CHECK (quantity > 0),
    PRIMARY KEY (order_id, sku)
);
