package cn.huanxin.ledger.projections.fraud.legacy.rules;

import cn.huanxin.ledger.core.common.LedgerFact;
import cn.huanxin.ledger.core.common.Money;
import cn.huanxin.ledger.core.fund.FundAllocated;
import cn.huanxin.ledger.core.fund.FundReclaimed;
import cn.huanxin.ledger.core.subsidy.SubsidyGranted;
import cn.huanxin.ledger.core.subsidy.SubsidyReversed;
import cn.huanxin.ledger.projections.fraud.AlertDraft;
import cn.huanxin.ledger.projections.fraud.legacy.FraudRule;
import cn.huanxin.ledger.projections.fraud.legacy.RuleContext;
import cn.huanxin.ledger.projections.fraud.RuleSettings;
import cn.huanxin.ledger.projections.fraud.Severity;
import cn.huanxin.ledger.projections.support.RecordedEvent;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * R17 额度超支: a fund's quota in one region overdrawn — its {@code available} balance (docs/api.md,
 * "Balance arithmetic": allocated − reclaimed − granted + reversed, in record order) below zero.
 * Audit findings on the ultra-long special treasury bond money (审计署 reports on 超长期特别国债
 * and trade-in funds) and finance-bureau notices on 额度管理 describe subsidies granted beyond the
 * quota a region was given, and quota reclaimed after it had been spent, leaving the region to
 * cover the gap or to delay payments. The subject is the fund and region ({@code F|R}), without a
 * window, so one region's overdraw is one alert; its evidence is every event that took the balance
 * below zero or further down while it stayed there (grants and reclaims). Events that raise the
 * balance are not evidence. A reversal of a subsidy granted outside the slice being read is
 * ignored, since its fund and region are unknown.
 */
public final class R17QuotaOverdraw implements FraudRule {

    private static final String ID = "R17";

    public R17QuotaOverdraw(RuleSettings settings) {
        // R17 has no parameters; the constructor keeps the shape every rule has.
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String name() {
        return "额度超支 quota overdraw";
    }

    @Override
    public Severity severity() {
        return Severity.HIGH;
    }

    @Override
    public Set<Class<? extends LedgerFact>> reads() {
        return Set.of(FundAllocated.class, FundReclaimed.class, SubsidyGranted.class, SubsidyReversed.class);
    }

    @Override
    public Map<String, String> parameters() {
        return Map.of();
    }

    @Override
    public List<String> tables() {
        return List.of("fraud_r17_balance", "fraud_r17_subsidy");
    }

    @Override
    public void on(LedgerFact fact, RecordedEvent event, RuleContext context) {
        if (fact instanceof FundAllocated allocated) {
            move(allocated.fundId().value(), allocated.regionCode().value(), allocated.amount().fen(), event, context);
        } else if (fact instanceof FundReclaimed reclaimed) {
            move(reclaimed.fundId().value(), reclaimed.regionCode().value(), -reclaimed.amount().fen(), event, context);
        } else if (fact instanceof SubsidyGranted granted) {
            context.jdbc().update("INSERT INTO fraud_r17_subsidy (subsidy_id, fund_id, region_code) VALUES (?,?,?)",
                    granted.subsidyId().value(), granted.fundId().value(), granted.regionCode().value());
            move(granted.fundId().value(), granted.regionCode().value(), -granted.amount().fen(), event, context);
        } else if (fact instanceof SubsidyReversed reversed) {
            List<Map<String, Object>> subsidy = context.jdbc().queryForList("SELECT fund_id, region_code "
                    + "FROM fraud_r17_subsidy WHERE subsidy_id = ?", reversed.subsidyId().value());
            if (!subsidy.isEmpty()) {
                move((String) subsidy.get(0).get("fund_id"), (String) subsidy.get(0).get("region_code"),
                        reversed.amount().fen(), event, context);
            }
        }
    }

    private void move(String fundId, String regionCode, long deltaFen, RecordedEvent event, RuleContext context) {
        List<Long> current = context.jdbc().queryForList("SELECT available_fen FROM fraud_r17_balance "
                + "WHERE fund_id = ? AND region_code = ?", Long.class, fundId, regionCode);
        long available;
        if (current.isEmpty()) {
            available = deltaFen;
            context.jdbc().update("INSERT INTO fraud_r17_balance (fund_id, region_code, available_fen) VALUES (?,?,?)",
                    fundId, regionCode, available);
        } else {
            available = Math.addExact(current.get(0), deltaFen);
            context.jdbc().update("UPDATE fraud_r17_balance SET available_fen = ? WHERE fund_id = ? AND region_code = ?",
                    available, fundId, regionCode);
        }
        if (deltaFen < 0 && available < 0) {
            Money shown = Money.ofFen(available);
            context.raise(new AlertDraft(ID, Severity.HIGH, "fund-region", fundId + "|" + regionCode, null, regionCode,
                    "资金 " + fundId + " 在区域 " + regionCode + " 的可用额度降至 " + shown + " 元，出现超支",
                    "fund " + fundId + " in region " + regionCode + " is overdrawn: available quota fell to " + shown
                            + " yuan",
                    List.of(event.ledgerEventId())));
        }
    }
}
