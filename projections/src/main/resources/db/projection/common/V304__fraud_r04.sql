-- R04 主体一致: the first recorded owner of each old item (a VIN or a returnId), and the subsidies
-- whose old item has no owner record yet; a claim is judged and removed once its owner is known.
CREATE TABLE fraud_r04_owner (
    item_kind       VARCHAR(16) NOT NULL,
    item_ref        VARCHAR(64) NOT NULL,
    owner_ref       VARCHAR(64) NOT NULL,
    ledger_event_id VARCHAR(36) NOT NULL,
    PRIMARY KEY (item_kind, item_ref)
);

CREATE TABLE fraud_r04_claim (
    subsidy_id       VARCHAR(64) PRIMARY KEY,
    item_kind        VARCHAR(16) NOT NULL,
    item_ref         VARCHAR(64) NOT NULL,
    beneficiary_kind VARCHAR(16) NOT NULL,
    beneficiary_ref  VARCHAR(64) NOT NULL,
    ledger_event_id  VARCHAR(36) NOT NULL,
    region_code      VARCHAR(6)  NOT NULL
);
CREATE INDEX fraud_r04_claim_item ON fraud_r04_claim (item_kind, item_ref);
