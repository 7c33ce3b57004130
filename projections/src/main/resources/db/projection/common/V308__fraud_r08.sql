-- R08 同址囤货: grants with a delivery address (by Asia/Shanghai day of occurredAt), and the windows
-- of the bursts already alerted with their grant count, so that later grants in a window add evidence
-- to its one alert.
CREATE TABLE fraud_r08_grant (
    ledger_event_id VARCHAR(36) PRIMARY KEY,
    address_ref     VARCHAR(64) NOT NULL,
    occurred_on     DATE        NOT NULL,
    occurred_at     BIGINT      NOT NULL,
    region_code     VARCHAR(6)  NOT NULL
);
CREATE INDEX fraud_r08_grant_address ON fraud_r08_grant (address_ref, occurred_on);

CREATE TABLE fraud_r08_burst (
    address_ref  VARCHAR(64) NOT NULL,
    window_start DATE        NOT NULL,
    window_end   DATE        NOT NULL,
    grants       INTEGER     NOT NULL,
    PRIMARY KEY (address_ref, window_start)
);
