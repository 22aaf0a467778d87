CREATE TABLE products (
    sku        VARCHAR(64)  PRIMARY KEY,
    name       VARCHAR(200) NOT NULL,
    price      BIGINT       NOT NULL CHECK (price > 0),
    currency   VARCHAR(3)   NOT NULL,
    available  INTEGER      NOT NULL CHECK (available >= 0),
    version    BIGINT       NOT NULL,
    created_at TIMESTAMP WITH TIME ZONE NOT NULL
);
