-- R10 重复发票: every grant that names an invoice number, in the order the view read them.
CREATE TABLE fraud_r10_invoice (
    invoice_no      VARCHAR(64) NOT NULL,
    ledger_event_id VARCHAR(36) NOT NULL,
    seq             INTEGER     NOT NULL,
    subsidy_id      VARCHAR(64) NOT NULL,
    region_code     VARCHAR(6)  NOT NULL,
    PRIMARY KEY (invoice_no, ledger_event_id)
);
