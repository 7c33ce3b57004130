-- R19 payment deadline: subsidies still awaiting their first payment, with the day it is due by;
-- the daily check reads only rows whose due day has passed.
CREATE TABLE fraud_r19_pending (
    subsidy_id     VARCHAR(64) PRIMARY KEY,
    granted_on     DATE        NOT NULL,
    due_on         DATE        NOT NULL,
    granted_fen    BIGINT      NOT NULL,
    reversed_fen   BIGINT      NOT NULL,
    region_code    VARCHAR(6)  NOT NULL,
    grant_event_id VARCHAR(64) NOT NULL
);
CREATE INDEX fraud_r19_pending_due ON fraud_r19_pending (due_on);
