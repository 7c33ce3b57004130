-- A rebuild of the fraud view on PostgreSQL decides each batch on several connections at once
-- (docs/fraud-rules.md, "A rebuild on several connections"): each connection beyond the processor's
-- commits its rules' writes in a transaction of its own and leaves a row here in that transaction; the
-- processor's transaction deletes the rows once every such connection has committed, and commits with
-- the view's token. A row found here at the start of a batch means that a batch was committed only in
-- part (the processor's transaction failed, or the ledger stopped, after another connection had
-- committed): the view's tables no longer match its token, and the view is rebuilt from the start.
CREATE TABLE fraud_lane_mark (
    lane       INTEGER     NOT NULL,
    written_by VARCHAR(64) NOT NULL
);
