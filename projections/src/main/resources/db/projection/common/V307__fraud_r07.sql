-- R07 policy window: vehicle subsidies and the scrap records of their old VIN, each kept until the
-- other side arrives (either may be recorded first).
CREATE TABLE fraud_r07_grant (
    subsidy_id      VARCHAR(64) PRIMARY KEY,
    vin             VARCHAR(64) NOT NULL,
    programme       VARCHAR(32) NOT NULL,
    granted_on      DATE        NOT NULL,
    region_code     VARCHAR(6)  NOT NULL,
    ledger_event_id VARCHAR(64) NOT NULL
);
CREATE INDEX fraud_r07_grant_vin ON fraud_r07_grant (vin);

CREATE TABLE fraud_r07_scrap (
    ledger_event_id VARCHAR(64) PRIMARY KEY,
    vin             VARCHAR(17) NOT NULL,
    certificate_no  VARCHAR(64) NOT NULL,
    vehicle_class   VARCHAR(32) NOT NULL,
    fuel            VARCHAR(16) NOT NULL,
    registered_on   DATE        NOT NULL,
    owned_since     DATE        NOT NULL,
    scrapped_on     DATE        NOT NULL
);
CREATE INDEX fraud_r07_scrap_vin ON fraud_r07_scrap (vin);
