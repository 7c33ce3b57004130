-- The balance projection's tables (package cn.huanxin.ledger.projections.balance, docs/balances.md).
-- balance_posting is the journal: one row per line of the double entry of one event, append-only
-- except for a rebuild, which deletes every row and replays. Money is integer fen; times are
-- microseconds since the epoch, compared exactly by every database.

CREATE TABLE balance_posting (
    ledger_event_id VARCHAR(64)  NOT NULL,
    line_no         INTEGER      NOT NULL,
    position        BIGINT       NOT NULL,
    account_id      VARCHAR(100) NOT NULL,
    account_kind    VARCHAR(16)  NOT NULL,
    amount_fen      BIGINT       NOT NULL,
    event_type      VARCHAR(32)  NOT NULL,
    fund_id         VARCHAR(64)  NOT NULL,
    region_code     VARCHAR(6),
    programme       VARCHAR(32),
    subsidy_id      VARCHAR(64),
    occurred_at     BIGINT       NOT NULL,
    recorded_at     BIGINT       NOT NULL,
    CONSTRAINT balance_posting_pk PRIMARY KEY (ledger_event_id, line_no)
);

-- An account's statement, in ledger order, page by page.
CREATE INDEX balance_posting_account_ix ON balance_posting (account_id, position, line_no);
-- Balance rows of one fund (and region).
CREATE INDEX balance_posting_fund_region_ix ON balance_posting (fund_id, region_code);

-- What the projection remembers of each subsidy to split its reversals (see docs/balances.md).
CREATE TABLE balance_subsidy (
    subsidy_id                  VARCHAR(64) NOT NULL,
    fund_id                     VARCHAR(64) NOT NULL,
    region_code                 VARCHAR(6)  NOT NULL,
    programme                   VARCHAR(32) NOT NULL,
    granted_fen                 BIGINT      NOT NULL,
    paid_fen                    BIGINT      NOT NULL,
    reversed_from_committed_fen BIGINT      NOT NULL,
    reversed_from_paid_fen      BIGINT      NOT NULL,
    CONSTRAINT balance_subsidy_pk PRIMARY KEY (subsidy_id)
);
