package cn.huanxin.ledger.projections.balance;

import cn.huanxin.ledger.core.common.LedgerFact;
import cn.huanxin.ledger.core.common.Money;
import cn.huanxin.ledger.core.fund.FundAllocated;
import cn.huanxin.ledger.core.fund.FundAppropriated;
import cn.huanxin.ledger.core.fund.FundReclaimed;
import cn.huanxin.ledger.core.subsidy.SubsidyGranted;
import cn.huanxin.ledger.core.subsidy.SubsidyPaid;
import cn.huanxin.ledger.core.subsidy.SubsidyReversed;
import cn.huanxin.ledger.projections.support.Bitemporal;
import cn.huanxin.ledger.projections.support.DeferredIndexes;
import cn.huanxin.ledger.projections.support.RecordedEvent;
import cn.huanxin.ledger.projections.support.UnitOfWorkBatch;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.jdbc.core.JdbcTemplate;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/**
 * The double-entry balance view (docs/balances.md): every fund and subsidy event is posted to the
 * accounts of the chart, and balances, the trial balance and account statements are sums of those
 * postings under the bitemporal filter.
 *
 * <p>Events are not written one by one. A tracking processor hands over a batch of events in one
 * unit of work and one transaction; the handlers only collect them, and the whole batch is posted
 * with a few statements when the unit of work prepares to commit, in the same transaction as the
 * processor's token. Outside a unit of work (a direct call) an event is posted at once.
 *
 * <p>The projection uses no clock: times come from the event's metadata, order from the event's
 * global position, so a replay writes the same rows.
 */
@ProcessingGroup(BalanceProjection.PROCESSING_GROUP)
public class BalanceProjection {

    /** The processing group, hence the tracking processor's name. */
    public static final String PROCESSING_GROUP = "balance";

    /**
     * At most this many events wait in memory; a larger unit of work is posted in parts, still in
     * its one transaction, so a misconfigured batch size cannot exhaust the heap.
     */
    static final int MAX_PENDING_EVENTS = 5_000;

    private final BalanceStore store;
    private final Journal journal;
    private final UnitOfWorkBatch<PendingEvent> batch;

    /** The last position handed to an untracked event; {@code null} until read from the table. */
    private Long lastUntrackedPosition;

    public BalanceProjection(JdbcTemplate jdbcTemplate) {
        this.store = new BalanceStore(jdbcTemplate);
        this.journal = new Journal(store);
        this.batch = new UnitOfWorkBatch<>(MAX_PENDING_EVENTS, journal::post);
    }

    @EventHandler
    void on(FundAppropriated event, EventMessage<?> message) {
        accept(event, message);
    }

    @EventHandler
    void on(FundAllocated event, EventMessage<?> message) {
        accept(event, message);
    }

    @EventHandler
    void on(FundReclaimed event, EventMessage<?> message) {
        accept(event, message);
    }

    @EventHandler
    void on(SubsidyGranted event, EventMessage<?> message) {
        accept(event, message);
    }

    @EventHandler
    void on(SubsidyPaid event, EventMessage<?> message) {
        accept(event, message);
    }

    @EventHandler
    void on(SubsidyReversed event, EventMessage<?> message) {
        accept(event, message);
    }

    /**
     * The indexes a rebuild on PostgreSQL drops and builds again once the replay has reached the head
     * (the ledger's node does, and counts the view current only then).
     */
    public static DeferredIndexes deferredIndexes() {
        return BalanceStore.DEFERRED;
    }

    /**
     * Clears this projection's own tables before a replay; no other projection's rows are touched (and
     * drops its {@link #deferredIndexes()}).
     */
    @ResetHandler
    void reset() {
        store.deleteAll();
        synchronized (this) {
            lastUntrackedPosition = null;
        }
    }

    @QueryHandler
    public BalancesView balances(FindBalancesQuery query) {
        String afterFundId = null;
        String afterRegionCode = null;
        if (query.afterKey() != null) {
            String[] after = PageKeys.balances(query.afterKey());
            afterFundId = after[0];
            afterRegionCode = after[1];
        }
        // One row more than asked for tells whether another page exists.
        List<BalanceStore.Figures> figures = store.balances(query.fundId(), query.regionCode(), query.programme(),
                query.time(), afterFundId, afterRegionCode, query.limit() + 1);
        boolean more = figures.size() > query.limit();
        List<BalanceRow> rows = new ArrayList<>(Math.min(figures.size(), query.limit()));
        for (BalanceStore.Figures f : figures.subList(0, Math.min(figures.size(), query.limit()))) {
            rows.add(row(f));
        }
        BalanceRow last = rows.isEmpty() ? null : rows.get(rows.size() - 1);
        return new BalancesView(rows, more ? PageKeys.balances(last.fundId(), last.regionCode()) : null);
    }

    @QueryHandler
    public TrialBalanceView trialBalance(FindTrialBalanceQuery query) {
        return store.trialBalance(query.time());
    }

    @QueryHandler
    public PostingsView postings(FindPostingsQuery query) {
        Long afterPosition = null;
        Integer afterLineNo = null;
        if (query.afterKey() != null) {
            long[] after = PageKeys.postings(query.afterKey());
            afterPosition = after[0];
            afterLineNo = (int) after[1];
        }
        List<BalanceStore.StoredPosting> stored =
                store.postings(query.accountId(), query.time(), afterPosition, afterLineNo, query.limit() + 1);
        boolean more = stored.size() > query.limit();
        List<PostingView> items = new ArrayList<>(Math.min(stored.size(), query.limit()));
        for (BalanceStore.StoredPosting p : stored.subList(0, Math.min(stored.size(), query.limit()))) {
            items.add(new PostingView(p.ledgerEventId(), p.lineNo(), p.eventType(), p.accountId(),
                    Money.ofFen(Math.max(0, p.amountFen())), Money.ofFen(Math.max(0, -p.amountFen())), p.fundId(),
                    p.regionCode(), p.subsidyId(), Bitemporal.fromMicros(p.occurredAtMicros()),
                    Bitemporal.fromMicros(p.recordedAtMicros())));
        }
        String nextKey = null;
        if (more) {
            BalanceStore.StoredPosting last = stored.get(query.limit() - 1);
            nextKey = PageKeys.postings(last.position(), last.lineNo());
        }
        return new PostingsView(query.accountId(), items, nextKey);
    }

    /**
     * docs/api.md's row: {@code available} is allocated − reclaimed − granted + reversed. Without a
     * programme filter that is exactly the quota account's balance; with one, it is computed from
     * the programme's own grant and reversal figures (docs/balances.md).
     */
    private static BalanceRow row(BalanceStore.Figures f) {
        long available = Math.addExact(
                Math.subtractExact(Math.subtractExact(f.allocatedFen(), f.reclaimedFen()), f.grantedFen()),
                f.reversedFen());
        return new BalanceRow(f.fundId(), f.regionCode(), Money.ofFen(f.allocatedFen()), Money.ofFen(f.reclaimedFen()),
                Money.ofFen(f.grantedFen()), Money.ofFen(f.committedFen()), Money.ofFen(f.paidFen()),
                Money.ofFen(f.reversedFen()), Money.ofFen(available));
    }

    private void accept(LedgerFact fact, EventMessage<?> message) {
        batch.add(new PendingEvent(fact, RecordedEvent.of(message), positionOf(message)));
    }

    /**
     * The event's global position in the store, from its tracking token (during a replay the
     * replay token answers the position of the event being replayed), so the same event gets the
     * same position on every replay and in every segment. An event that arrives without a
     * position — from a subscribing processor, or a direct call — is numbered after the highest
     * position posted so far.
     */
    private long positionOf(EventMessage<?> message) {
        OptionalLong position = UnitOfWorkBatch.position(message);
        return position.isPresent() ? position.getAsLong() : nextUntrackedPosition();
    }

    private synchronized long nextUntrackedPosition() {
        if (lastUntrackedPosition == null) {
            lastUntrackedPosition = store.maxPosition();
        }
        lastUntrackedPosition = lastUntrackedPosition + 1;
        return lastUntrackedPosition;
    }
}
