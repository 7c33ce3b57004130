-- The fraud engine reads each rule's state for all keys of a batch at once (WHERE key IN (...)):
-- these are the keys that no earlier index leads with.
CREATE INDEX fraud_r03_serial_no ON fraud_r03_serial (serial_no);
CREATE INDEX fraud_r04_owner_ref ON fraud_r04_owner (item_ref);
CREATE INDEX fraud_r04_claim_ref ON fraud_r04_claim (item_ref);
