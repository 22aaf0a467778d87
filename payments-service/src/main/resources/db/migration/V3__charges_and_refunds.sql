-- At most one charge and one refund per order, whatever the redeliveries.
CREATE UNIQUE INDEX payments_one_charge_per_order ON payments (order_id) WHERE type = 'CHARGE';
CREATE UNIQUE INDEX payments_one_refund_per_order ON payments (order_id) WHERE type = 'REFUND';

-- Orders refunded before any charge arrived: a late charge for them is refused.
CREATE TABLE refund_tombstones (
    order_id   UUID PRIMARY KEY,
    created_at TIMESTAMP WITH TIME ZONE NOT NULL
);
