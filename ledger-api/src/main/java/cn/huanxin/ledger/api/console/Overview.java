package cn.huanxin.ledger.api.console;

import cn.huanxin.ledger.core.common.Money;
import cn.huanxin.ledger.core.common.RegionTable;
import cn.huanxin.ledger.core.integrity.Checkpoint;
import cn.huanxin.ledger.projections.balance.BalanceRow;
import cn.huanxin.ledger.projections.balance.BalancesView;
import cn.huanxin.ledger.projections.balance.FindBalancesQuery;
import cn.huanxin.ledger.projections.balance.FindTrialBalanceQuery;
import cn.huanxin.ledger.projections.balance.TrialBalanceView;
import cn.huanxin.ledger.projections.fraud.AlertStatus;
import cn.huanxin.ledger.projections.fraud.AlertsView;
import cn.huanxin.ledger.projections.fraud.FindAlertsQuery;
import cn.huanxin.ledger.projections.fraud.Severity;
import cn.huanxin.ledger.projections.seal.Seal;
import cn.huanxin.ledger.projections.seal.SealStore;
import cn.huanxin.ledger.projections.support.Bitemporal;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.stereotype.Component;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The overview's figures, read with the same queries as the API's endpoints: every balance row
 * summed per fund and per county, the trial balance, the open alerts counted per severity, and the
 * latest signed checkpoint. Reading is bounded: at most {@value #MAX_BALANCE_PAGES} pages of balance
 * rows and {@value #MAX_COUNTED_ALERTS} alerts per severity are read; beyond that the page says the
 * figure is incomplete ({@link Totals#complete()}, {@link AlertCount#atLeast()}) instead of showing a
 * wrong total as if it were the whole.
 */
@Component
class Overview {

    static final int MAX_BALANCE_PAGES = 100;
    static final int MAX_COUNTED_ALERTS = 10_000;
    private static final int PAGE = FindBalancesQuery.MAX_LIMIT;

    /** Sums of the balance figures of one group of rows (a fund, or a county). */
    record Sum(String key, String name, Money allocated, Money reclaimed, Money granted, Money committed,
               Money paid, Money reversed, Money available) {

        static Sum zero(String key, String name) {
            Money zero = Money.ofFen(0);
            return new Sum(key, name, zero, zero, zero, zero, zero, zero, zero);
        }

        Sum plus(BalanceRow row) {
            return new Sum(key, name, allocated.plus(row.allocated()), reclaimed.plus(row.reclaimed()),
                    granted.plus(row.granted()), committed.plus(row.committed()), paid.plus(row.paid()),
                    reversed.plus(row.reversed()), available.plus(row.available()));
        }
    }

    /**
     * The balance rows summed per fund and per county.
     *
     * @param complete whether every row was read (false past {@value #MAX_BALANCE_PAGES} pages)
     */
    record Totals(List<Sum> byFund, List<Sum> byRegion, long rows, boolean complete) {
    }

    /** How many open alerts of one severity; {@code atLeast} when counting stopped at the bound. */
    record AlertCount(Severity severity, long count, boolean atLeast) {
    }

    private final QueryGateway queries;
    private final Seal seal;
    private final RegionTable regions;

    Overview(QueryGateway queries, Seal seal, RegionTable regions) {
        this.queries = queries;
        this.seal = seal;
        this.regions = regions;
    }

    Totals balances() {
        Map<String, Sum> byFund = new TreeMap<>();
        Map<String, Sum> byRegion = new TreeMap<>();
        String afterKey = null;
        long rows = 0;
        int pages = 0;
        do {
            BalancesView page = queries.query(new FindBalancesQuery(null, null, null, Bitemporal.EVERYTHING, afterKey,
                    PAGE), BalancesView.class).join();
            for (BalanceRow row : page.items()) {
                add(byFund, row.fundId(), fundId -> "", row);
                add(byRegion, row.regionCode(), this::regionName, row);
                rows++;
            }
            afterKey = page.nextKey();
            pages++;
        } while (afterKey != null && pages < MAX_BALANCE_PAGES);
        return new Totals(List.copyOf(byFund.values()), List.copyOf(byRegion.values()), rows, afterKey == null);
    }

    TrialBalanceView trial() {
        return queries.query(new FindTrialBalanceQuery(Bitemporal.EVERYTHING), TrialBalanceView.class).join();
    }

    List<AlertCount> openAlertsBySeverity() {
        Map<Severity, AlertCount> counts = new EnumMap<>(Severity.class);
        for (Severity severity : Severity.values()) {
            long count = 0;
            String afterKey = null;
            do {
                AlertsView page = queries.query(new FindAlertsQuery(null, AlertStatus.OPEN, severity, null, afterKey,
                        PAGE), AlertsView.class).join();
                count += page.items().size();
                afterKey = page.nextKey();
            } while (afterKey != null && count < MAX_COUNTED_ALERTS);
            counts.put(severity, new AlertCount(severity, count, afterKey != null));
        }
        return List.copyOf(counts.values());
    }

    Optional<Checkpoint> latestCheckpoint() {
        return seal.store().latestCheckpoint().map(SealStore.StoredCheckpoint::checkpoint);
    }

    private String regionName(String code) {
        return code == null ? "" : regions.namesByCode().getOrDefault(code, "");
    }

    private static void add(Map<String, Sum> groups, String key, Function<String, String> name, BalanceRow row) {
        String group = key == null ? "" : key;
        Sum sum = groups.computeIfAbsent(group, k -> Sum.zero(k, name.apply(k)));
        groups.put(group, sum.plus(row));
    }
}
