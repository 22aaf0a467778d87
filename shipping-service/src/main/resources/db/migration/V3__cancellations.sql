-- Orders whose shipment was cancelled before it was scheduled: a late scheduling is refused.
CREATE TABLE shipment_tombstones (
    order_id   UUID PRIMARY KEY,
    created_at TIMESTAMP WITH TIME ZONE NOT NULL
);
