-- R20 late upload: late events counted per source and calendar hour of recording, and the late
-- events of an hour that has not yet crossed the burst limit (the crossing alert names them all).
CREATE TABLE fraud_r20_hour (
    source_name   VARCHAR(128) NOT NULL,
    recorded_hour VARCHAR(13)  NOT NULL,
    late_count    BIGINT       NOT NULL,
    PRIMARY KEY (source_name, recorded_hour)
);

CREATE TABLE fraud_r20_late (
    source_name     VARCHAR(128) NOT NULL,
    recorded_hour   VARCHAR(13)  NOT NULL,
    seq             BIGINT       NOT NULL,
    ledger_event_id VARCHAR(64)  NOT NULL,
    PRIMARY KEY (source_name, recorded_hour, seq)
);
