-- v1.1: the carrier collects a scheduled shipment at collection_at (DISPATCHED), after which it
-- cannot be cancelled. The default lets a previous version, still running during a rolling
-- deploy, insert without naming the column (its shipments are collected after the default delay).
ALTER TABLE shipments ALTER COLUMN status TYPE VARCHAR(16);
ALTER TABLE shipments DROP CONSTRAINT shipments_status_check;
ALTER TABLE shipments ADD CONSTRAINT shipments_status_check
    CHECK (status IN ('SCHEDULED', 'DISPATCHED', 'CANCELLED'));
ALTER TABLE shipments ADD COLUMN collection_at TIMESTAMP WITH TIME ZONE NOT NULL
    DEFAULT now() + INTERVAL '5 minutes';
ALTER TABLE shipments ADD COLUMN dispatched_at TIMESTAMP WITH TIME ZONE;
-- The collector's question: which scheduled shipments are due?
CREATE INDEX shipments_due ON shipments (collection_at) WHERE status = 'SCHEDULED';
