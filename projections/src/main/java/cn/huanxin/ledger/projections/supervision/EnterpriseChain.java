package cn.huanxin.ledger.projections.supervision;

import cn.huanxin.ledger.core.common.StreamKind;
import cn.huanxin.ledger.core.enterprise.Qualification;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import static cn.huanxin.ledger.projections.supervision.StageJudge.pending;
import static cn.huanxin.ledger.projections.supervision.TraceReads.first;

/**
 * The chain of an enterprise: REGISTERED → QUALIFIED, the qualifications it holds "now", and
 * everything it took part in, each with the role it had.
 */
final class EnterpriseChain {

    private final TraceReads reads;
    private final StageJudge judge;

    EnterpriseChain(TraceReads reads, StageJudge judge) {
        this.reads = Objects.requireNonNull(reads, "reads");
        this.judge = Objects.requireNonNull(judge, "judge");
    }

    Optional<Chain> chain(String enterpriseId) {
        List<EventRow> own = reads.stream(StreamKind.ENTERPRISE, enterpriseId);
        List<EventRow> acts = reads.linked(LinkKind.ENTERPRISE, enterpriseId);
        if (own.isEmpty() && acts.isEmpty()) {
            return Optional.empty();
        }
        Set<Related> related = new LinkedHashSet<>();
        List<StageResult> stages = new ArrayList<>();
        EventRow registered = first(own, EventRow.ENTERPRISE_REGISTERED);
        stages.add(registered == null ? pending("REGISTERED")
                : StageResult.of("REGISTERED", StageStatus.DONE, List.of(registered)));
        List<EventRow> qualificationEvents = own.stream()
                .filter(row -> row.is(EventRow.QUALIFICATION_GRANTED) || row.is(EventRow.QUALIFICATION_REVOKED)).toList();
        Set<String> held = new LinkedHashSet<>();
        for (Qualification qualification : Qualification.values()) {
            if (judge.holds(enterpriseId, Set.of(qualification.name()), judge.today())) {
                held.add(qualification.name());
                related.add(new Related("qualification", qualification.name(), "holds"));
            }
        }
        if (!held.isEmpty()) {
            stages.add(StageResult.of("QUALIFIED", StageStatus.DONE, qualificationEvents));
        } else if (qualificationEvents.isEmpty()) {
            stages.add(pending("QUALIFIED"));
        } else {
            // Granted once, but nothing is valid any more: shown, not a broken chain (no rule sets a deadline).
            stages.add(StageResult.of("QUALIFIED", StageStatus.UNQUALIFIED, qualificationEvents));
        }
        for (EventRow act : acts) {
            for (String role : roles(act, enterpriseId)) {
                related.add(new Related(kindWord(act), act.streamKey(), role));
            }
        }
        return Optional.of(new Chain(new Subject(TraceKind.ENTERPRISE.word(), enterpriseId), stages, related, own));
    }

    /** What an enterprise was in an event that names it. */
    private static List<String> roles(EventRow act, String enterpriseId) {
        if (act.is(EventRow.SUBSIDY_GRANTED)) {
            List<String> roles = new ArrayList<>();
            if (enterpriseId.equals(act.enterpriseId())) {
                roles.add("beneficiary");
            }
            if (enterpriseId.equals(act.merchantId())) {
                roles.add("merchant");
            }
            return roles;
        }
        if (act.is(EventRow.VEHICLE_SCRAPPED)) {
            return List.of("recycler");
        }
        if (act.is(EventRow.VEHICLE_DISMANTLED) || act.is(EventRow.APPLIANCE_DISMANTLED)) {
            return List.of("dismantler");
        }
        if (act.is(EventRow.APPLIANCE_COLLECTED)) {
            return List.of("collector");
        }
        if (act.is(EventRow.APPLIANCE_HANDED_OVER)) {
            return List.of("receiver");
        }
        if (act.is(EventRow.INVOICE_ISSUED)) {
            return List.of("issuer");
        }
        if (act.is(EventRow.EQUIPMENT_RENEWED)) {
            return List.of(enterpriseId.equals(act.enterpriseId()) ? "renewer" : "old-equipment-recycler");
        }
        return List.of("named");
    }

    /** The trace kind word of an event's stream ({@code reverse-invoice} streams are {@code invoice}s). */
    private static String kindWord(EventRow row) {
        String kind = row.streamKind();
        return StreamKind.REVERSE_INVOICE.prefix().equals(kind) ? TraceKind.INVOICE.word() : kind;
    }
}
