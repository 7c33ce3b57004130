-- Supervision projection (full-chain trace and plan targets): an index of every event's place, times
-- and the few payload fields the chains and targets read, and the subjects each event concerns
-- besides its own stream. Times are microseconds since the epoch (BIGINT), compared exactly by both
-- databases; business dates are DATE. Rows are only ever inserted, and cleared as a whole on reset.

CREATE TABLE supervision_event (
    ledger_event_id    VARCHAR(128) NOT NULL,
    stream_id          VARCHAR(128) NOT NULL,
    sequence_number    BIGINT       NOT NULL,
    event_type         VARCHAR(64)  NOT NULL,
    occurred_at        BIGINT       NOT NULL,
    recorded_at        BIGINT       NOT NULL,
    global_position    BIGINT,
    subsidy_id         VARCHAR(64),
    fund_id            VARCHAR(64),
    region_code        VARCHAR(6),
    programme          VARCHAR(32),
    person_ref         VARCHAR(64),
    enterprise_id      VARCHAR(18),
    merchant_id        VARCHAR(18),
    vin                VARCHAR(17),
    return_id          VARCHAR(64),
    invoice_no         VARCHAR(64),
    old_item_kind      VARCHAR(16),
    old_item_ref       VARCHAR(128),
    qualification      VARCHAR(32),
    business_date      DATE,
    valid_to           DATE,
    amount_fen         BIGINT,
    quantity           BIGINT,
    equipment_category VARCHAR(40),
    CONSTRAINT supervision_event_pk PRIMARY KEY (ledger_event_id)
);

-- A stream's events, in order (every trace).
CREATE INDEX supervision_event_stream ON supervision_event (stream_id, sequence_number);
-- Counting one type of event over a period (targets).
CREATE INDEX supervision_event_type_time ON supervision_event (event_type, occurred_at);
-- "Now" of the deadline rules: the largest occurredAt among the events known at a time.
CREATE INDEX supervision_event_time ON supervision_event (occurred_at, recorded_at);

CREATE TABLE supervision_link (
    subject_kind    VARCHAR(16)  NOT NULL,
    subject_ref     VARCHAR(128) NOT NULL,
    ledger_event_id VARCHAR(128) NOT NULL,
    CONSTRAINT supervision_link_pk PRIMARY KEY (subject_kind, subject_ref, ledger_event_id)
);

-- The subjects one event names (the items of a reverse invoice).
CREATE INDEX supervision_link_event ON supervision_link (ledger_event_id);
