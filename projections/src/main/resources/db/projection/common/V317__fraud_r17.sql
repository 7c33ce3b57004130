-- R17 quota overdraw: the available quota of each (fund, region), and where each subsidy draws from,
-- so that a reversal returns its amount to the right quota.
CREATE TABLE fraud_r17_balance (
    fund_id       VARCHAR(64) NOT NULL,
    region_code   VARCHAR(6)  NOT NULL,
    available_fen BIGINT      NOT NULL,
    PRIMARY KEY (fund_id, region_code)
);

CREATE TABLE fraud_r17_subsidy (
    subsidy_id  VARCHAR(64) PRIMARY KEY,
    fund_id     VARCHAR(64) NOT NULL,
    region_code VARCHAR(6)  NOT NULL
);
