-- R14 reverse-invoice issuer: the entitling qualifications granted and revoked, and the invoices
-- judged, so that a revocation recorded late can reach back to invoices issued on or after it.
CREATE TABLE fraud_r14_grant (
    enterprise_id VARCHAR(18) NOT NULL,
    qualification VARCHAR(32) NOT NULL,
    valid_from    DATE        NOT NULL,
    valid_to      DATE
);
CREATE INDEX fraud_r14_grant_holder ON fraud_r14_grant (enterprise_id, qualification);

CREATE TABLE fraud_r14_revocation (
    enterprise_id VARCHAR(18) NOT NULL,
    qualification VARCHAR(32) NOT NULL,
    revoked_on    DATE        NOT NULL
);
CREATE INDEX fraud_r14_revocation_holder ON fraud_r14_revocation (enterprise_id, qualification);

CREATE TABLE fraud_r14_invoice (
    invoice_no      VARCHAR(64) PRIMARY KEY,
    issuer_id       VARCHAR(18) NOT NULL,
    issued_on       DATE        NOT NULL,
    ledger_event_id VARCHAR(64) NOT NULL,
    flagged         INTEGER     NOT NULL
);
CREATE INDEX fraud_r14_invoice_issuer ON fraud_r14_invoice (issuer_id, issued_on);
