-- The stamp of the last batch that wrote the fraud view's tables: a node that finds a stamp other than
-- the one it last committed knows that someone else wrote the tables since, and forgets what its rules
-- kept of them between batches (docs/fraud-rules.md, "What the engine holds").
CREATE TABLE fraud_memory_stamp (
    id    INTEGER     PRIMARY KEY,
    stamp VARCHAR(64) NOT NULL
);
