-- Running totals of the balance journal (docs/balances.md, "Running totals"): per fund, region
-- ('' for an appropriation, which has none), programme ('' for fund events) and the day the events
-- occurred (days since the epoch at UTC+08:00), the sums of the figures of a balance row and the
-- trial balance's debits and credits. They are sums of balance_posting and nothing else; balances
-- and the trial balance of the present, or as of a day, are read from here instead of the journal.
-- Per vendor, like V100: the id columns' collation must be the journal's, so that both page alike.

CREATE TABLE balance_total (
    fund_id       VARCHAR(64) COLLATE "C" NOT NULL,
    region_code   VARCHAR(6) COLLATE "C"  NOT NULL,
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

-- A journal written before this migration gets its totals here, so an upgraded database answers as
-- before without a rebuild. (Not in db/projection/common: an investigation's scratch schema applies
-- only those, and has no journal.) The day is a floor division that also holds before 1970.
INSERT INTO balance_total (fund_id, region_code, programme, occurred_day, allocated_fen, reclaimed_fen, granted_fen,
                           committed_fen, paid_fen, reversed_fen, debit_fen, credit_fen)
SELECT fund_id, region_key, programme_key, day_key,
       SUM(CASE WHEN account_kind = 'QUOTA' AND event_type = 'FundAllocated' THEN amount_fen ELSE 0 END),
       SUM(CASE WHEN account_kind = 'QUOTA' AND event_type = 'FundReclaimed' THEN -amount_fen ELSE 0 END),
       SUM(CASE WHEN account_kind = 'COMMITTED' AND event_type = 'SubsidyGranted' THEN amount_fen ELSE 0 END),
       SUM(CASE WHEN account_kind = 'COMMITTED' THEN amount_fen ELSE 0 END),
       SUM(CASE WHEN account_kind = 'PAID' THEN amount_fen ELSE 0 END),
       SUM(CASE WHEN account_kind = 'QUOTA' AND event_type = 'SubsidyReversed' THEN amount_fen ELSE 0 END),
       SUM(CASE WHEN amount_fen > 0 THEN amount_fen ELSE 0 END),
       SUM(CASE WHEN amount_fen < 0 THEN -amount_fen ELSE 0 END)
  FROM (SELECT fund_id, COALESCE(region_code, '') AS region_key, COALESCE(programme, '') AS programme_key,
               CAST((occurred_at + 28800000000
                     - CASE WHEN occurred_at + 28800000000 < 0 THEN 86399999999 ELSE 0 END) / 86400000000 AS INTEGER)
                   AS day_key,
               account_kind, event_type, amount_fen
          FROM balance_posting) l
 GROUP BY fund_id, region_key, programme_key, day_key;
