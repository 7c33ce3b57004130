package cn.huanxin.ledger.projections.fraud.rules;

import cn.huanxin.ledger.core.common.LedgerFact;
import cn.huanxin.ledger.core.common.Money;
import cn.huanxin.ledger.core.fund.FundAllocated;
import cn.huanxin.ledger.core.fund.FundReclaimed;
import cn.huanxin.ledger.core.subsidy.SubsidyGranted;
import cn.huanxin.ledger.core.subsidy.SubsidyReversed;
import cn.huanxin.ledger.projections.fraud.AlertDraft;
import cn.huanxin.ledger.projections.fraud.FraudEvent;
import cn.huanxin.ledger.projections.fraud.FraudRule;
import cn.huanxin.ledger.projections.fraud.KeyFilter;
import cn.huanxin.ledger.projections.fraud.PendingWrites;
import cn.huanxin.ledger.projections.fraud.RuleBatch;
import cn.huanxin.ledger.projections.fraud.RuleContext;
import cn.huanxin.ledger.projections.fraud.RuleDescriptor;
import cn.huanxin.ledger.projections.fraud.RuleMemory;
import cn.huanxin.ledger.projections.fraud.RuleSettings;
import cn.huanxin.ledger.projections.fraud.Severity;
import cn.huanxin.ledger.projections.support.RecordedEvent;
import org.springframework.jdbc.core.JdbcTemplate;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
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

    private final RuleDescriptor descriptor;

    public R17QuotaOverdraw(RuleSettings settings) {
        // R17 has no parameters; the constructor keeps the shape every rule has.
        this.descriptor = new RuleDescriptor(ID, "额度超支 quota overdraw", Severity.HIGH,
                Set.of(FundAllocated.class, FundReclaimed.class, SubsidyGranted.class, SubsidyReversed.class),
                List.of("fraud_r17_balance", "fraud_r17_subsidy"));
    }

    @Override
    public RuleDescriptor descriptor() {
        return descriptor;
    }

    @Override
    public RuleBatch begin(List<FraudEvent> events, JdbcTemplate jdbc, int evidenceBound, RuleMemory memory) {
        KeyFilter stored = memory.keys(jdbc, "fraud_r17_subsidy", "subsidy_id");
        Set<String> funds = new LinkedHashSet<>();
        Set<String> reversed = new LinkedHashSet<>();
        for (FraudEvent item : events) {
            if (item.fact() instanceof FundAllocated allocated) {
                funds.add(allocated.fundId().value());
            } else if (item.fact() instanceof FundReclaimed reclaimed) {
                funds.add(reclaimed.fundId().value());
            } else if (item.fact() instanceof SubsidyGranted granted) {
                funds.add(granted.fundId().value());
            } else if (item.fact() instanceof SubsidyReversed reversal) {
                reversed.add(reversal.subsidyId().value());
            }
        }
        Batch batch = new Batch(jdbc, stored);
        PendingWrites.select(jdbc, "SELECT subsidy_id, fund_id, region_code FROM fraud_r17_subsidy WHERE subsidy_id IN ",
                "", stored.mayHold(reversed), rs -> batch.subsidies.put(rs.getString(1), new FundRegion(rs.getString(2),
                        rs.getString(3))));
        batch.subsidies.values().forEach(subsidy -> funds.add(subsidy.fundId()));
        PendingWrites.select(jdbc, "SELECT fund_id, region_code, available_fen FROM fraud_r17_balance WHERE fund_id IN ",
                "", funds, rs -> batch.balances.put(new FundRegion(rs.getString(1), rs.getString(2)),
                        new Balance(rs.getLong(3), true)));
        return batch;
    }

    private record FundRegion(String fundId, String regionCode) {
    }

    /** A quota's available amount; {@code stored} when the table has a row for it. */
    private static final class Balance {
        long available;
        final boolean stored;
        boolean changed;

        Balance(long available, boolean stored) {
            this.available = available;
            this.stored = stored;
        }
    }

    /**
     * The quotas of the batch's funds and the batch's reversed subsidies. A quota moves with almost
     * every grant, so only its last amount is written.
     */
    private static final class Batch implements RuleBatch {

        private final Map<String, FundRegion> subsidies = new HashMap<>();
        private final Map<FundRegion, Balance> balances = new LinkedHashMap<>();
        private final PendingWrites newSubsidies;
        private final JdbcTemplate jdbc;
        /** Which subsidies the table may have rows of. */
        private final KeyFilter stored;

        Batch(JdbcTemplate jdbc, KeyFilter stored) {
            this.jdbc = jdbc;
            this.stored = stored;
            this.newSubsidies = new PendingWrites(jdbc);
        }

        @Override
        public void on(LedgerFact fact, RecordedEvent event, RuleContext context) {
            if (fact instanceof FundAllocated allocated) {
                move(allocated.fundId().value(), allocated.regionCode().value(), allocated.amount().fen(), event,
                        context);
            } else if (fact instanceof FundReclaimed reclaimed) {
                move(reclaimed.fundId().value(), reclaimed.regionCode().value(), -reclaimed.amount().fen(), event,
                        context);
            } else if (fact instanceof SubsidyGranted granted) {
                newSubsidies.add("INSERT INTO fraud_r17_subsidy (subsidy_id, fund_id, region_code) VALUES (?,?,?)",
                        granted.subsidyId().value(), granted.fundId().value(), granted.regionCode().value());
                stored.add(granted.subsidyId().value());
                subsidies.put(granted.subsidyId().value(), new FundRegion(granted.fundId().value(),
                        granted.regionCode().value()));
                move(granted.fundId().value(), granted.regionCode().value(), -granted.amount().fen(), event, context);
            } else if (fact instanceof SubsidyReversed reversed) {
                FundRegion subsidy = subsidies.get(reversed.subsidyId().value());
                if (subsidy != null) {
                    move(subsidy.fundId(), subsidy.regionCode(), reversed.amount().fen(), event, context);
                }
            }
        }

        private void move(String fundId, String regionCode, long deltaFen, RecordedEvent event, RuleContext context) {
            FundRegion key = new FundRegion(fundId, regionCode);
            Balance balance = balances.get(key);
            if (balance == null) {
                balance = new Balance(deltaFen, false);
                balances.put(key, balance);
            } else {
                balance.available = Math.addExact(balance.available, deltaFen);
            }
            balance.changed = true;
            long available = balance.available;
            if (deltaFen < 0 && available < 0) {
                Money shown = Money.ofFen(available);
                context.raise(new AlertDraft(ID, Severity.HIGH, "fund-region", fundId + "|" + regionCode, null,
                        regionCode,
                        "资金 " + fundId + " 在区域 " + regionCode + " 的可用额度降至 " + shown + " 元，出现超支",
                        "fund " + fundId + " in region " + regionCode + " is overdrawn: available quota fell to " + shown
                                + " yuan",
                        List.of(event.ledgerEventId())));
            }
        }

        @Override
        public void flush() {
            newSubsidies.flush();
            List<Object[]> inserts = new ArrayList<>();
            List<Object[]> updates = new ArrayList<>();
            balances.forEach((key, balance) -> {
                if (!balance.changed) {
                    return;
                }
                if (balance.stored) {
                    updates.add(new Object[]{balance.available, key.fundId(), key.regionCode()});
                } else {
                    inserts.add(new Object[]{key.fundId(), key.regionCode(), balance.available});
                }
            });
            PendingWrites.batch(jdbc, "INSERT INTO fraud_r17_balance (fund_id, region_code, available_fen) "
                    + "VALUES (?,?,?)", inserts);
            PendingWrites.batch(jdbc, "UPDATE fraud_r17_balance SET available_fen = ? WHERE fund_id = ? "
                    + "AND region_code = ?", updates);
        }
    }
}
