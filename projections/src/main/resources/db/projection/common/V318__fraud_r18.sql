-- R18 over-payment: each subsidy's unpaid commitment (granted − paid − reversals taken from it) and
-- net paid money, and the payments and commitment-cutting reversals that are evidence.
CREATE TABLE fraud_r18_subsidy (
    subsidy_id     VARCHAR(64) PRIMARY KEY,
    granted_fen    BIGINT      NOT NULL,
    committed_fen  BIGINT      NOT NULL,
    paid_fen       BIGINT      NOT NULL,
    region_code    VARCHAR(6)  NOT NULL,
    grant_event_id VARCHAR(64) NOT NULL
);

CREATE TABLE fraud_r18_evidence (
    subsidy_id      VARCHAR(64) NOT NULL,
    stream_sequence BIGINT      NOT NULL,
    ledger_event_id VARCHAR(64) NOT NULL,
    PRIMARY KEY (subsidy_id, ledger_event_id)
);
