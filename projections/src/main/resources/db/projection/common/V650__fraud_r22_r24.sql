-- R22 活动期间提价 campaign price markup. What a grant is compared with: per model
-- (category|brand|model), day, merchant and price, the number of grants (a histogram, so that a
-- batch reads a model's last D days as a handful of rows per day however many grants they hold);
-- each grant once more, read only when an alert is first raised, to name the grants behind a
-- median; and the merchant-model-months already alerted.
CREATE TABLE fraud_r22_price (
    model_key   VARCHAR(600) NOT NULL,
    occurred_on DATE         NOT NULL,
    merchant_id VARCHAR(18)  NOT NULL,
    price_fen   BIGINT       NOT NULL,
    grants      BIGINT       NOT NULL,
    PRIMARY KEY (model_key, occurred_on, merchant_id, price_fen)
);

CREATE TABLE fraud_r22_grant (
    ledger_event_id VARCHAR(64)  PRIMARY KEY,
    model_key       VARCHAR(600) NOT NULL,
    merchant_id     VARCHAR(18)  NOT NULL,
    occurred_on     DATE         NOT NULL,
    occurred_at     BIGINT       NOT NULL
);
CREATE INDEX fraud_r22_grant_model ON fraud_r22_grant (model_key, occurred_on);

CREATE TABLE fraud_r22_alerted (
    subject_ref VARCHAR(300) NOT NULL,
    month_start DATE         NOT NULL,
    PRIMARY KEY (subject_ref, month_start)
);

-- R23 以旧充新 old sold as new: serial numbers sold new (SOLD, with the product's category), serial
-- numbers of appliances collected as old items (COLLECTED, with their category), and the refs of
-- old items of kind EQUIPMENT (EQUIPMENT, any category: category is '*').
CREATE TABLE fraud_r23_item (
    serial_no       VARCHAR(256) NOT NULL,
    item_role       VARCHAR(16)  NOT NULL,
    category        VARCHAR(32)  NOT NULL,
    ledger_event_id VARCHAR(64)  NOT NULL,
    subsidy_id      VARCHAR(64),
    region_code     VARCHAR(6),
    occurred_at     BIGINT       NOT NULL,
    PRIMARY KEY (serial_no, item_role, category, ledger_event_id)
);

-- R24 商户突增 merchant burst: each merchant's grants per Asia/Shanghai day, whether the day was
-- alerted, and the day's grants in recorded order (the evidence of the day's alert).
CREATE TABLE fraud_r24_day (
    merchant_id VARCHAR(18) NOT NULL,
    occurred_on DATE        NOT NULL,
    grants      BIGINT      NOT NULL,
    alerted     INTEGER     NOT NULL,
    PRIMARY KEY (merchant_id, occurred_on)
);

CREATE TABLE fraud_r24_grant (
    merchant_id     VARCHAR(18) NOT NULL,
    occurred_on     DATE        NOT NULL,
    day_seq         BIGINT      NOT NULL,
    ledger_event_id VARCHAR(64) NOT NULL,
    PRIMARY KEY (merchant_id, occurred_on, day_seq)
);
