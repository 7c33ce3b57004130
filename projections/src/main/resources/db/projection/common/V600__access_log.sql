-- The access-log view: one row per sensitive read (SensitiveReadRecorded), in the order the ledger
-- recorded them. Rebuilt from the event store like every view; the events themselves are sealed.
CREATE TABLE access_log (
    ledger_event_id VARCHAR(36)  NOT NULL PRIMARY KEY,
    at_micros       BIGINT       NOT NULL,
    actor           VARCHAR(64)  NOT NULL,
    endpoint        VARCHAR(128) NOT NULL,
    subject_kind    VARCHAR(32)  NOT NULL,
    subject_ref     VARCHAR(160) NOT NULL
);

CREATE INDEX access_log_at ON access_log (at_micros, ledger_event_id);
