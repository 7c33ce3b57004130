-- Each leaf also names the event it seals, so that the ledger can find an event's position and
-- leaf by its ledger event id without asking the event store, which Axon Server cannot answer.
-- Leaves sealed before this migration take the id from the JDBC event table they were read from.
ALTER TABLE seal_leaf ADD COLUMN ledger_event_id VARCHAR(255);
UPDATE seal_leaf SET ledger_event_id = (SELECT e.event_identifier FROM domain_event_entry e
                                        WHERE e.global_index = seal_leaf.position);
CREATE UNIQUE INDEX seal_leaf_event_key ON seal_leaf (ledger_event_id);
