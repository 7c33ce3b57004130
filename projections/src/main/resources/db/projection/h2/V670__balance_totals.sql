-- Running totals of the balance journal (docs/balances.md, "Running totals"): per fund, region
-- ('' for an appropriation, which has none), programme ('' for fund events) and the day the events
-- occurred (days since the epoch at UTC+08:00), the sums of the figures of a balance row and the
-- trial balance's debits and credits. They are sums of balance_posting and nothing else (V671 fills
-- them from a journal written before); balances and the trial balance of the present, or as of a
-- day, are read from here instead of the journal.

CREATE TABLE balance_total (
    fund_id       VARCHAR(64) NOT NULL,
    region_code   VARCHAR(6)  NOT NULL,
    programme     VARCHAR(32) NOT NULL,
    occurred_day  INTEGER     NOT NULL,
    allocated_fen BIGINT      NOT NULL,
    reclaimed_fen BIGINT      NOT NULL,
    granted_fen   BIGINT      NOT NULL,
    committed_fen BIGINT      NOT NULL,
    paid_fen      BIGINT      NOT NULL,
    reversed_fen  BIGINT      NOT NULL,
    debit_fen     BIGINT      NOT NULL,
    credit_fen    BIGINT      NOT NULL,
    CONSTRAINT balance_total_pk PRIMARY KEY (fund_id, region_code, programme, occurred_day)
);
