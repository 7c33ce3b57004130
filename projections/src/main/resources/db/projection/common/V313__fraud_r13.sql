-- R13 报废拆解闭环: each scrapped vehicle's closure (due_on: the last day for deregistration and
-- dismantling, NULL once both are in or the alert is raised), and the VEHICLE_RECYCLING grants with
-- their revocations.
CREATE TABLE fraud_r13_vehicle (
    vin             VARCHAR(17) PRIMARY KEY,
    scrapped_on     DATE        NOT NULL,
    due_on          DATE,
    deregistered    INTEGER     NOT NULL,
    dismantled      INTEGER     NOT NULL,
    unqualified     INTEGER     NOT NULL,
    ledger_event_id VARCHAR(36) NOT NULL,
    region_code     VARCHAR(6)
);
CREATE INDEX fraud_r13_vehicle_due ON fraud_r13_vehicle (due_on);

CREATE TABLE fraud_r13_qualification (
    ledger_event_id VARCHAR(36) PRIMARY KEY,
    enterprise_id   VARCHAR(18) NOT NULL,
    valid_from      DATE        NOT NULL,
    valid_to        DATE
);
CREATE INDEX fraud_r13_qualification_enterprise ON fraud_r13_qualification (enterprise_id);

CREATE TABLE fraud_r13_revocation (
    ledger_event_id VARCHAR(36) PRIMARY KEY,
    enterprise_id   VARCHAR(18) NOT NULL,
    revoked_on      DATE        NOT NULL
);
CREATE INDEX fraud_r13_revocation_enterprise ON fraud_r13_revocation (enterprise_id);
