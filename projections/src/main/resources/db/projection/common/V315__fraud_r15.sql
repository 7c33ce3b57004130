-- R15 reverse-invoice cap: each seller's invoices (voided ones marked), and the anchored 12-month
-- windows (episodes) already alerted, so that one case gives one alert.
CREATE TABLE fraud_r15_invoice (
    invoice_no      VARCHAR(64) PRIMARY KEY,
    seller_ref      VARCHAR(64) NOT NULL,
    issued_on       DATE        NOT NULL,
    amount_fen      BIGINT      NOT NULL,
    ledger_event_id VARCHAR(64) NOT NULL,
    voided          INTEGER     NOT NULL
);
CREATE INDEX fraud_r15_invoice_seller ON fraud_r15_invoice (seller_ref, issued_on);

CREATE TABLE fraud_r15_episode (
    seller_ref  VARCHAR(64) NOT NULL,
    window_from DATE        NOT NULL,
    window_to   DATE        NOT NULL
);
CREATE INDEX fraud_r15_episode_seller ON fraud_r15_episode (seller_ref, window_to);
