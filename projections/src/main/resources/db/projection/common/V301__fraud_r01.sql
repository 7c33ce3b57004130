-- R01 per-person category limit: every counted grant, by person, product category and calendar year.
CREATE TABLE fraud_r01_grant (
    subsidy_id      VARCHAR(64) PRIMARY KEY,
    person_ref      VARCHAR(64) NOT NULL,
    category        VARCHAR(32) NOT NULL,
    grant_year      INTEGER     NOT NULL,
    granted_at      BIGINT      NOT NULL,
    ledger_event_id VARCHAR(64) NOT NULL
);
CREATE INDEX fraud_r01_grant_person ON fraud_r01_grant (person_ref, category, grant_year);
