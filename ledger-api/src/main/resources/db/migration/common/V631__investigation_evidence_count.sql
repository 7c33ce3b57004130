-- An investigation's alert keeps the evidence its scratch fraud view kept (the first N and the
-- latest N events, docs/fraud-rules.md) and the count of all its evidence events.
ALTER TABLE investigation_alert ADD COLUMN evidence_count BIGINT DEFAULT 0 NOT NULL;
UPDATE investigation_alert SET evidence_count =
    (SELECT COUNT(*) FROM investigation_alert_evidence e
     WHERE e.investigation_id = investigation_alert.investigation_id AND e.alert_seq = investigation_alert.alert_seq);
