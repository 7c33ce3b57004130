-- An enterprise's trace lists the alerts about that merchant: subjects merchantId|… (R22, R24),
-- found as a range of subject_ref (FindMerchantAlertsQuery).
CREATE INDEX fraud_alert_subject ON fraud_alert (subject_ref);
