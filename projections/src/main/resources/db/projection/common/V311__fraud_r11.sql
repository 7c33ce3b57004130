-- R11 区域外申领: the registration region of each scrapped vehicle (first certificate), and vehicle
-- subsidies waiting for their vehicle's certificate; a claim is judged and removed once it is known.
CREATE TABLE fraud_r11_vehicle (
    vin             VARCHAR(17) PRIMARY KEY,
    region_code     VARCHAR(6)  NOT NULL,
    ledger_event_id VARCHAR(36) NOT NULL
);

CREATE TABLE fraud_r11_claim (
    subsidy_id           VARCHAR(64) PRIMARY KEY,
    vin                  VARCHAR(64) NOT NULL,
    ledger_event_id      VARCHAR(36) NOT NULL,
    region_code          VARCHAR(6)  NOT NULL,
    delivery_region_code VARCHAR(6)
);
CREATE INDEX fraud_r11_claim_vin ON fraud_r11_claim (vin);
