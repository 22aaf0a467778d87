-- What an admin decided about each dead letter (kept on Kafka, <topic>.DLT), once each:
-- REDRIVEN (sent again to its topic through the outbox, in the same transaction) or DISCARDED.
CREATE TABLE dead_letter_decisions (
    dlt_topic     VARCHAR(255) NOT NULL,
    dlt_partition INTEGER      NOT NULL,
    dlt_offset    BIGINT       NOT NULL,
    decision      VARCHAR(16)  NOT NULL CHECK (decision IN ('REDRIVEN', 'DISCARDED')),
    decided_by    VARCHAR(255) NOT NULL,
    decided_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (dlt_topic, dlt_partition, dlt_offset)
);
