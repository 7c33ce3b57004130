-- Bounded evidence (docs/fraud-rules.md, "Evidence"): an alert keeps the first N and the latest N
-- of its evidence events in fraud_alert_evidence (N = ledger.fraud.evidence-bound, by
-- evidence_seq) and counts all of them here. The count of an alert raised before this migration is
-- the evidence it holds; its rows are trimmed to the bound when it next gains evidence, or all at
-- once by a rebuild of the fraud view.
ALTER TABLE fraud_alert ADD COLUMN evidence_count BIGINT DEFAULT 0 NOT NULL;
UPDATE fraud_alert SET evidence_count =
    (SELECT COUNT(*) FROM fraud_alert_evidence e WHERE e.alert_id = fraud_alert.alert_id);

-- R16 keeps each seller's month as a running total (fraud_r16_month) and numbers the month's
-- invoices in recorded order (month_seq), so that an invoice is judged without reading the whole
-- month. Invoices recorded before this migration are numbered by issue date, then invoice number; a
-- rebuild of the fraud view numbers them in recorded order.
CREATE TABLE fraud_r16_invoice_numbered (
    invoice_no      VARCHAR(64) PRIMARY KEY,
    seller_ref      VARCHAR(64) NOT NULL,
    month_start     DATE        NOT NULL,
    month_seq       BIGINT      NOT NULL,
    issued_on       DATE        NOT NULL,
    amount_fen      BIGINT      NOT NULL,
    ledger_event_id VARCHAR(64) NOT NULL,
    voided          INTEGER     NOT NULL
);
INSERT INTO fraud_r16_invoice_numbered (invoice_no, seller_ref, month_start, month_seq, issued_on, amount_fen,
                                        ledger_event_id, voided)
SELECT invoice_no, seller_ref, month_start,
       ROW_NUMBER() OVER (PARTITION BY seller_ref, month_start ORDER BY issued_on, invoice_no),
       issued_on, amount_fen, ledger_event_id, voided
FROM (SELECT i.*, CAST(DATE_TRUNC('MONTH', i.issued_on) AS DATE) AS month_start FROM fraud_r16_invoice i) m;
DROP TABLE fraud_r16_invoice;
ALTER TABLE fraud_r16_invoice_numbered RENAME TO fraud_r16_invoice;
CREATE INDEX fraud_r16_invoice_month ON fraud_r16_invoice (seller_ref, month_start, month_seq);

-- One row per seller and calendar month: the sum and number of its invoices not voided, and the
-- last month_seq given.
CREATE TABLE fraud_r16_month (
    seller_ref  VARCHAR(64) NOT NULL,
    month_start DATE        NOT NULL,
    total_fen   BIGINT      NOT NULL,
    invoices    BIGINT      NOT NULL,
    last_seq    BIGINT      NOT NULL,
    PRIMARY KEY (seller_ref, month_start)
);
INSERT INTO fraud_r16_month (seller_ref, month_start, total_fen, invoices, last_seq)
SELECT seller_ref, month_start, SUM(CASE WHEN voided = 0 THEN amount_fen ELSE 0 END),
       SUM(CASE WHEN voided = 0 THEN 1 ELSE 0 END), MAX(month_seq)
FROM fraud_r16_invoice GROUP BY seller_ref, month_start;
