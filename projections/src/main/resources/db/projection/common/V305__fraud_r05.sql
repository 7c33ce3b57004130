-- R05 vehicle uniqueness: vehicle subsidies by old VIN, distinct scrap certificates by VIN, and
-- replacement subsidies by person and calendar year.
CREATE TABLE fraud_r05_vin_subsidy (
    vin             VARCHAR(64) NOT NULL,
    subsidy_id      VARCHAR(64) NOT NULL,
    ledger_event_id VARCHAR(64) NOT NULL,
    occurred_at     BIGINT      NOT NULL,
    PRIMARY KEY (vin, subsidy_id)
);

CREATE TABLE fraud_r05_certificate (
    vin             VARCHAR(17) NOT NULL,
    certificate_no  VARCHAR(64) NOT NULL,
    ledger_event_id VARCHAR(64) NOT NULL,
    occurred_at     BIGINT      NOT NULL,
    PRIMARY KEY (vin, certificate_no)
);

CREATE TABLE fraud_r05_replacement (
    person_ref      VARCHAR(64) NOT NULL,
    grant_year      INTEGER     NOT NULL,
    subsidy_id      VARCHAR(64) NOT NULL,
    ledger_event_id VARCHAR(64) NOT NULL,
    occurred_at     BIGINT      NOT NULL,
    PRIMARY KEY (person_ref, grant_year, subsidy_id)
);
