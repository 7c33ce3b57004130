package cn.huanxin.ledger.projections.balance;

import cn.huanxin.ledger.core.common.LedgerFact;
import cn.huanxin.ledger.core.fund.FundAllocated;
import cn.huanxin.ledger.core.fund.FundAppropriated;
import cn.huanxin.ledger.core.fund.FundReclaimed;
import cn.huanxin.ledger.core.subsidy.SubsidyGranted;
import cn.huanxin.ledger.core.subsidy.SubsidyPaid;
import cn.huanxin.ledger.core.subsidy.SubsidyReversed;
import cn.huanxin.ledger.projections.support.Bitemporal;
import cn.huanxin.ledger.projections.support.RecordedEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Posts a batch of events in their order with a fixed number of statements, whatever the batch
 * size: one look-up of which events were posted before, one of the subsidies the batch touches, one
 * batched insert of postings and one each of new and changed subsidy states. Everything runs in the
 * caller's transaction, so a batch is posted wholly or not at all.
 */
final class Journal {

    private static final Logger log = LoggerFactory.getLogger(Journal.class);

    private final BalanceStore store;

    Journal(BalanceStore store) {
        this.store = store;
    }

    void post(List<PendingEvent> events) {
        if (events.isEmpty()) {
            return;
        }
        // A redelivered event (after a rollback, or twice in one batch) is posted once: the first
        // delivery wins, and an event that already has postings is skipped whole, state included.
        Map<String, PendingEvent> byId = new LinkedHashMap<>();
        for (PendingEvent event : events) {
            byId.putIfAbsent(event.recorded().ledgerEventId(), event);
        }
        byId.keySet().removeAll(store.postedEventIds(byId.keySet()));
        if (byId.isEmpty()) {
            return;
        }

        Set<String> subsidyIds = new LinkedHashSet<>();
        Set<String> opened = new HashSet<>();
        for (PendingEvent event : byId.values()) {
            String subsidyId = subsidyIdOf(event.fact());
            if (subsidyId != null) {
                subsidyIds.add(subsidyId);
                if (opensItsStream(event)) {
                    opened.add(subsidyId);
                }
            }
        }
        // A subsidy whose stream this batch opens has no row yet: only the others are looked up.
        Set<String> asked = new LinkedHashSet<>(subsidyIds);
        asked.removeAll(opened);
        Map<String, SubsidyState> stored = store.subsidies(asked);
        Map<String, SubsidyState> current = new HashMap<>(stored);
        Set<String> changed = new HashSet<>();

        List<PostingRow> rows = new ArrayList<>();
        for (PendingEvent event : byId.values()) {
            post(event, current, changed, rows);
        }

        List<SubsidyState> inserts = new ArrayList<>();
        List<SubsidyState> updates = new ArrayList<>();
        for (String subsidyId : subsidyIds) {
            if (!changed.contains(subsidyId)) {
                continue;
            }
            (stored.containsKey(subsidyId) ? updates : inserts).add(current.get(subsidyId));
        }
        store.insertPostings(rows);
        store.insertSubsidies(inserts);
        store.updateSubsidies(updates);
    }

    private static void post(PendingEvent event, Map<String, SubsidyState> subsidies, Set<String> changed,
                             List<PostingRow> rows) {
        LedgerFact fact = event.fact();
        if (fact instanceof FundAppropriated e) {
            add(rows, event, PostingRules.appropriated(e.fundId().value(), e.amount().fen()),
                    e.fundId().value(), null, null, null);
        } else if (fact instanceof FundAllocated e) {
            add(rows, event, PostingRules.allocated(e.fundId().value(), e.regionCode().value(), e.amount().fen()),
                    e.fundId().value(), e.regionCode().value(), null, null);
        } else if (fact instanceof FundReclaimed e) {
            add(rows, event, PostingRules.reclaimed(e.fundId().value(), e.regionCode().value(), e.amount().fen()),
                    e.fundId().value(), e.regionCode().value(), null, null);
        } else if (fact instanceof SubsidyGranted e) {
            String subsidyId = e.subsidyId().value();
            SubsidyState known = subsidies.get(subsidyId);
            if (known == null) {
                subsidies.put(subsidyId, SubsidyState.granted(subsidyId, e.fundId().value(), e.regionCode().value(),
                        e.programme(), e.amount().fen()));
            } else {
                // The API refuses a second grant of one subsidy (STREAM_EXISTS). Should one arrive
                // anyway, its money is still booked where it says; later events follow the first grant.
                log.warn("Second SubsidyGranted for subsidy {} (ledger event {}); posted, state keeps the first grant",
                        subsidyId, event.recorded().ledgerEventId());
                subsidies.put(subsidyId, known.grantedAgain(e.amount().fen()));
            }
            changed.add(subsidyId);
            add(rows, event, PostingRules.granted(e.fundId().value(), e.regionCode().value(), e.amount().fen()),
                    e.fundId().value(), e.regionCode().value(), e.programme().name(), subsidyId);
        } else if (fact instanceof SubsidyPaid e) {
            SubsidyState subsidy = known(subsidies, e.subsidyId().value(), event.recorded());
            if (subsidy != null) {
                subsidies.put(subsidy.subsidyId(), subsidy.paid(e.amount().fen()));
                changed.add(subsidy.subsidyId());
                addForSubsidy(rows, event, PostingRules.paid(subsidy, e.amount().fen()), subsidy);
            }
        } else if (fact instanceof SubsidyReversed e) {
            SubsidyState subsidy = known(subsidies, e.subsidyId().value(), event.recorded());
            if (subsidy != null) {
                PostingRules.Reversal reversal = PostingRules.reversed(subsidy, e.amount().fen());
                subsidies.put(subsidy.subsidyId(), subsidy.reversed(reversal.fromCommittedFen(), reversal.fromPaidFen()));
                changed.add(subsidy.subsidyId());
                addForSubsidy(rows, event, reversal.lines(), subsidy);
            }
        } else {
            throw new IllegalArgumentException("the balance projection does not post " + event.recorded().type());
        }
    }

    /**
     * The subsidy's state, or {@code null} — with a warning naming only ids — when its grant was
     * never seen. The API makes that impossible (a payment needs the grant's stream), but a
     * projection must not stop on it: nothing is posted, and the trial balance stays balanced.
     */
    private static SubsidyState known(Map<String, SubsidyState> subsidies, String subsidyId, RecordedEvent recorded) {
        SubsidyState state = subsidies.get(subsidyId);
        if (state == null) {
            log.warn("{} for subsidy {} whose grant the balance projection has not seen (ledger event {}); "
                    + "nothing posted", recorded.type(), subsidyId, recorded.ledgerEventId());
        }
        return state;
    }

    private static void addForSubsidy(List<PostingRow> rows, PendingEvent event, List<Line> lines,
                                      SubsidyState subsidy) {
        add(rows, event, lines, subsidy.fundId(), subsidy.regionCode(), subsidy.programme().name(),
                subsidy.subsidyId());
    }

    private static void add(List<PostingRow> rows, PendingEvent event, List<Line> lines, String fundId,
                            String regionCode, String programme, String subsidyId) {
        RecordedEvent recorded = event.recorded();
        long occurred = Bitemporal.micros(recorded.occurredAt());
        long recordedAt = Bitemporal.micros(recorded.recordedAt());
        String type = event.fact().getClass().getSimpleName();
        for (int i = 0; i < lines.size(); i++) {
            rows.add(new PostingRow(recorded.ledgerEventId(), i + 1, event.position(), lines.get(i), type, fundId,
                    regionCode, programme, subsidyId, occurred, recordedAt));
        }
    }

    /**
     * Whether the event is a grant that opened its subsidy's stream ({@code subsidy:<id>}, sequence 0).
     * Only a grant makes a subsidy's row, and every grant of a subsidy is recorded on its stream, where
     * the first event is the only one at sequence 0: no grant of the subsidy came before this one, so
     * before this batch the subsidy has no row, and neither the grant nor the batch's payments and
     * reversals of it need to look one up. (The store refuses a second grant on a stream; one recorded
     * anyway is not the first.) A redelivered grant, already posted, was left out of the batch above.
     */
    private static boolean opensItsStream(PendingEvent event) {
        return event.fact() instanceof SubsidyGranted granted && event.recorded().sequence() == 0
                && granted.streamId().toString().equals(event.recorded().streamId());
    }

    private static String subsidyIdOf(LedgerFact fact) {
        if (fact instanceof SubsidyGranted e) {
            return e.subsidyId().value();
        }
        if (fact instanceof SubsidyPaid e) {
            return e.subsidyId().value();
        }
        if (fact instanceof SubsidyReversed e) {
            return e.subsidyId().value();
        }
        return null;
    }
}
