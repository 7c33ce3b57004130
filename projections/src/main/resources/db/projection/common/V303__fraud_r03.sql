-- R03 serial number reuse: every grant that names a serial number, by category and serial number.
CREATE TABLE fraud_r03_serial (
    category        VARCHAR(32)  NOT NULL,
    serial_no       VARCHAR(256) NOT NULL,
    subsidy_id      VARCHAR(64)  NOT NULL,
    ledger_event_id VARCHAR(64)  NOT NULL,
    occurred_at     BIGINT       NOT NULL,
    PRIMARY KEY (category, serial_no, subsidy_id)
);
