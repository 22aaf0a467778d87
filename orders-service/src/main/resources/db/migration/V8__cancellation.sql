-- v1.1: a customer may cancel an order (ADR 17). The saga row remembers that a cancellation
-- was asked for, and whether the carrier has collected the shipment (then nothing can be
-- undone). The defaults let a previous version, still running during a rolling deploy,
-- write rows without naming the columns.
ALTER TABLE checkout_sagas
    ADD COLUMN cancel_requested BOOLEAN NOT NULL DEFAULT false,
    ADD COLUMN dispatched       BOOLEAN NOT NULL DEFAULT false;
