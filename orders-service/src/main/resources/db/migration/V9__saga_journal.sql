-- The saga journal (ADR 28): what each order's saga sent, received, ignored and decided, one
-- row each, written in the transaction that did it. Rows are only ever added; a previous
-- version running during a rolling deploy writes none, and its sagas' journals have gaps.
CREATE TABLE saga_journal (
    id         BIGSERIAL    PRIMARY KEY,
    order_id   UUID         NOT NULL,
    at         TIMESTAMPTZ  NOT NULL,
    kind       VARCHAR(20)  NOT NULL,
    type       VARCHAR(60),
    message_id UUID,
    topic      VARCHAR(100),
    phase      VARCHAR(30)  NOT NULL,
    deadline   TIMESTAMPTZ
);

CREATE INDEX saga_journal_by_order ON saga_journal (order_id, id);
