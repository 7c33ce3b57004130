-- The running totals of V670 (docs/balances.md, "Running totals") for a journal written before it:
-- an upgraded database answers as before without a rebuild. The day is a floor division that also
-- holds before 1970.
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
