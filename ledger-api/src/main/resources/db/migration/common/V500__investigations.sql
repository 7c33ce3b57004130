-- Investigations of the discipline office (docs/investigations.md): what was asked, how far the run
-- got, and the alerts it found. Ordinary operational tables, not part of the append-only event
-- store: a run's row is updated as it progresses. Times are wall-clock times of this ledger.
CREATE TABLE investigation (
    investigation_id VARCHAR(36)      PRIMARY KEY,
    status           VARCHAR(16)      NOT NULL,
    slice_from       VARCHAR(40)      NOT NULL,
    slice_to         VARCHAR(40)      NOT NULL,
    region_code      VARCHAR(6),
    rule_overrides   VARCHAR(20000)   NOT NULL,
    requested_by     VARCHAR(64)      NOT NULL,
    runner           VARCHAR(36)      NOT NULL,
    events_total     BIGINT,
    events_read      BIGINT           NOT NULL,
    events_matched   BIGINT           NOT NULL,
    progress         DOUBLE PRECISION NOT NULL,
    alerts_found     BIGINT           NOT NULL,
    created_at       TIMESTAMP WITH TIME ZONE NOT NULL,
    started_at       TIMESTAMP WITH TIME ZONE,
    finished_at      TIMESTAMP WITH TIME ZONE,
    heartbeat_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    error            VARCHAR(2000)
);
CREATE INDEX investigation_status ON investigation (status);

-- The alerts of a run, copied out of its scratch fraud view in the order they were raised.
CREATE TABLE investigation_alert (
    investigation_id VARCHAR(36)   NOT NULL REFERENCES investigation (investigation_id),
    alert_seq        BIGINT        NOT NULL,
    alert_id         VARCHAR(32)   NOT NULL,
    rule_id          VARCHAR(8)    NOT NULL,
    severity         VARCHAR(8)    NOT NULL,
    status           VARCHAR(16)   NOT NULL,
    subject_kind     VARCHAR(32)   NOT NULL,
    subject_ref      VARCHAR(300)  NOT NULL,
    alert_window     VARCHAR(64),
    region_code      VARCHAR(6),
    summary_zh       VARCHAR(2000) NOT NULL,
    summary_en       VARCHAR(2000) NOT NULL,
    raised_at        BIGINT        NOT NULL,
    PRIMARY KEY (investigation_id, alert_seq)
);

CREATE TABLE investigation_alert_evidence (
    investigation_id VARCHAR(36) NOT NULL,
    alert_seq        BIGINT      NOT NULL,
    evidence_seq     INTEGER     NOT NULL,
    ledger_event_id  VARCHAR(36) NOT NULL,
    PRIMARY KEY (investigation_id, alert_seq, evidence_seq),
    FOREIGN KEY (investigation_id, alert_seq) REFERENCES investigation_alert (investigation_id, alert_seq)
);
