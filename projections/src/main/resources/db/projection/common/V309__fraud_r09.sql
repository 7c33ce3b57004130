-- R09 冒用身份: each subsidy's beneficiary (from its grant), payments by payee account and Asia/Shanghai
-- day of occurredAt, and the windows of the bursts already alerted with their distinct beneficiaries,
-- kept as running counts so that a busy account costs a few indexed statements per payment.
CREATE TABLE fraud_r09_subsidy (
    subsidy_id      VARCHAR(64) PRIMARY KEY,
    beneficiary_ref VARCHAR(80) NOT NULL,
    region_code     VARCHAR(6)  NOT NULL
);

CREATE TABLE fraud_r09_payment (
    ledger_event_id VARCHAR(36) PRIMARY KEY,
    account_ref     VARCHAR(64) NOT NULL,
    paid_day        DATE        NOT NULL,
    occurred_at     BIGINT      NOT NULL,
    beneficiary_ref VARCHAR(80) NOT NULL,
    region_code     VARCHAR(6)  NOT NULL
);
CREATE INDEX fraud_r09_payment_account ON fraud_r09_payment (account_ref, paid_day);

CREATE TABLE fraud_r09_burst (
    account_ref   VARCHAR(64) NOT NULL,
    window_start  DATE        NOT NULL,
    window_end    DATE        NOT NULL,
    beneficiaries INTEGER     NOT NULL,
    PRIMARY KEY (account_ref, window_start)
);

CREATE TABLE fraud_r09_burst_member (
    account_ref     VARCHAR(64) NOT NULL,
    window_start    DATE        NOT NULL,
    beneficiary_ref VARCHAR(80) NOT NULL,
    PRIMARY KEY (account_ref, window_start, beneficiary_ref)
);
