-- One row that a node locks while it checks that no rebuild of a view is open and records its own
-- (RebuildRequests.openUnlessOpen): two nodes asked to rebuild one view at the same moment cannot both
-- open a request, and the second answers 409 REBUILD_IN_PROGRESS (docs/operations.md, "Several nodes").
CREATE TABLE ledger_rebuild_lock (
    id INT PRIMARY KEY
);
INSERT INTO ledger_rebuild_lock (id) VALUES (1);
