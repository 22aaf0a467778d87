CREATE TABLE shipments (
    id                 UUID         PRIMARY KEY,
    order_id           UUID         NOT NULL UNIQUE,
    customer_id        VARCHAR(255) NOT NULL,
    status             VARCHAR(10)  NOT NULL CHECK (status IN ('SCHEDULED', 'CANCELLED')),
    carrier            VARCHAR(32)  NOT NULL,
    tracking_number    VARCHAR(64)  NOT NULL,
    estimated_delivery DATE         NOT NULL,
    version            BIGINT       NOT NULL,
    created_at         TIMESTAMP WITH TIME ZONE NOT NULL
);
