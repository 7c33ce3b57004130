-- R16 reverse-invoice tax: each seller's invoices (voided ones marked), for the monthly totals.
CREATE TABLE fraud_r16_invoice (
    invoice_no      VARCHAR(64) PRIMARY KEY,
    seller_ref      VARCHAR(64) NOT NULL,
    issued_on       DATE        NOT NULL,
    amount_fen      BIGINT      NOT NULL,
    ledger_event_id VARCHAR(64) NOT NULL,
    voided          INTEGER     NOT NULL
);
CREATE INDEX fraud_r16_invoice_seller ON fraud_r16_invoice (seller_ref, issued_on);
