-- Running totals of the plan's targets, kept by the supervision projection (TargetTotals,
-- docs/supervision.md "Targets"): a counter's change on one Asia/Shanghai day, filed under the year of
-- the period it counts for. A target's actual is the sum of its counter's rows over its years up to a
-- day. At most one row per counter, period year and day; cleared with the view's other tables on reset.
-- V681 fills it from the events already indexed.

CREATE TABLE supervision_target_total (
    counter_name VARCHAR(64) NOT NULL,
    period_year  INTEGER     NOT NULL,
    on_day       DATE        NOT NULL,
    amount       BIGINT      NOT NULL,
    CONSTRAINT supervision_target_total_pk PRIMARY KEY (counter_name, period_year, on_day)
);
