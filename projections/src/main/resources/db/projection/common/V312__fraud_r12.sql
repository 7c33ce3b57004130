-- R12 交旧无去向: appliance subsidies waiting for their old item's collection (due_on: the last day it
-- may be collected), every collected appliance (due_on: the last day it may be dismantled, NULL once
-- dismantled or alerted), and the WEEE_PROCESSING grants and revocations.
CREATE TABLE fraud_r12_grant (
    subsidy_id      VARCHAR(64) PRIMARY KEY,
    return_id       VARCHAR(64) NOT NULL,
    due_on          DATE        NOT NULL,
    ledger_event_id VARCHAR(36) NOT NULL,
    region_code     VARCHAR(6)  NOT NULL
);
CREATE INDEX fraud_r12_grant_return ON fraud_r12_grant (return_id);
CREATE INDEX fraud_r12_grant_due ON fraud_r12_grant (due_on);

CREATE TABLE fraud_r12_collected (
    return_id       VARCHAR(64) PRIMARY KEY,
    collected_on    DATE        NOT NULL,
    due_on          DATE,
    ledger_event_id VARCHAR(36) NOT NULL,
    region_code     VARCHAR(6)  NOT NULL
);
CREATE INDEX fraud_r12_collected_due ON fraud_r12_collected (due_on);

CREATE TABLE fraud_r12_qualification (
    ledger_event_id VARCHAR(36) PRIMARY KEY,
    enterprise_id   VARCHAR(18) NOT NULL,
    valid_from      DATE        NOT NULL,
    valid_to        DATE
);
CREATE INDEX fraud_r12_qualification_enterprise ON fraud_r12_qualification (enterprise_id);

CREATE TABLE fraud_r12_revocation (
    ledger_event_id VARCHAR(36) PRIMARY KEY,
    enterprise_id   VARCHAR(18) NOT NULL,
    revoked_on      DATE        NOT NULL
);
CREATE INDEX fraud_r12_revocation_enterprise ON fraud_r12_revocation (enterprise_id);
