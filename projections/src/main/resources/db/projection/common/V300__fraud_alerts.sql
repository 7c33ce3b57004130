-- Fraud view: alerts, their evidence, the view's event-time clock, and dispositions that arrived
-- before their alert (an investigation or a changed parameter can raise an alert later than before).
CREATE TABLE fraud_alert (
    alert_id           VARCHAR(32)   PRIMARY KEY,
    rule_id            VARCHAR(8)    NOT NULL,
    severity           VARCHAR(8)    NOT NULL,
    status             VARCHAR(16)   NOT NULL,
    subject_kind       VARCHAR(32)   NOT NULL,
    subject_ref        VARCHAR(300)  NOT NULL,
    alert_window       VARCHAR(64),
    region_code        VARCHAR(6),
    summary_zh         VARCHAR(2000) NOT NULL,
    summary_en         VARCHAR(2000) NOT NULL,
    raised_at          BIGINT        NOT NULL,
    raised_seq         BIGINT        NOT NULL,
    disposition_reason VARCHAR(2000),
    dispositioned_by   VARCHAR(64)
);
CREATE INDEX fraud_alert_rule ON fraud_alert (rule_id, raised_seq);
CREATE INDEX fraud_alert_seq ON fraud_alert (raised_seq);

CREATE TABLE fraud_alert_evidence (
    alert_id        VARCHAR(32) NOT NULL,
    ledger_event_id VARCHAR(36) NOT NULL,
    evidence_seq    BIGINT      NOT NULL,
    PRIMARY KEY (alert_id, ledger_event_id)
);

CREATE TABLE fraud_clock (
    id         INTEGER PRIMARY KEY,
    now_micros BIGINT  NOT NULL,
    raised_seq BIGINT  NOT NULL
);

CREATE TABLE fraud_pending_disposition (
    alert_id    VARCHAR(32)   PRIMARY KEY,
    disposition VARCHAR(16)   NOT NULL,
    reason      VARCHAR(2000) NOT NULL,
    auditor     VARCHAR(64)   NOT NULL
);
