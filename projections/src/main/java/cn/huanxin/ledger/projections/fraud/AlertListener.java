package cn.huanxin.ledger.projections.fraud;

/** Told when a new alert is raised, e.g. to count alerts by rule and severity. */
@FunctionalInterface
public interface AlertListener {

    AlertListener NONE = (ruleId, severity) -> { };

    void raised(String ruleId, Severity severity);
}
