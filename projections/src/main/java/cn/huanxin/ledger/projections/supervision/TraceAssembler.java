package cn.huanxin.ledger.projections.supervision;

import cn.huanxin.ledger.core.common.StreamKind;
import cn.huanxin.ledger.core.common.Vin;
import cn.huanxin.ledger.core.enterprise.Qualification;
import cn.huanxin.ledger.core.subsidy.OldItemKind;
import cn.huanxin.ledger.core.subsidy.Programme;
import cn.huanxin.ledger.projections.support.Bitemporal;
import cn.huanxin.ledger.projections.support.RecordedEvent;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Computes the chains of one trace query from the indexed events within its bitemporal filter: the
 * events are loaded (each stream once) and the stages judged in Java, so the answer is the one the
 * ledger would have given at that time. Deadlines are judged against "now" = the largest occurredAt
 * within the filter (RULES.md), as an Asia/Shanghai date; never the wall clock. One instance serves
 * one query.
 */
final class TraceAssembler {

    /** Events that concern one subject read for a trace: the first ones, in order. */
    static final int MAX_LINKED_EVENTS = 1000;
    /** Related entries in one answer. */
    static final int MAX_RELATED = 500;
    /** Chains summarised in a person's trace, and items followed on one reverse invoice. */
    static final int MAX_NESTED_CHAINS = 100;

    private static final Set<String> WEEE = Set.of(Qualification.WEEE_PROCESSING.name());
    private static final Set<String> VEHICLE_RECYCLING = Set.of(Qualification.VEHICLE_RECYCLING.name());
    /** STA Announcement 2024 No. 5: who may issue reverse invoices (R14). */
    private static final Set<String> INVOICE_ISSUER = Set.of(Qualification.VEHICLE_RECYCLING.name(),
            Qualification.HAZARDOUS_WASTE.name(), Qualification.RECYCLING_FILING.name());

    private final SupervisionStore store;
    private final Bitemporal time;
    private final TraceDeadlines deadlines;
    private final LocalDate today;
    private final Map<String, List<EventRow>> streams = new HashMap<>();
    private final Map<String, List<EventRow>> links = new HashMap<>();

    TraceAssembler(SupervisionStore store, Bitemporal time, TraceDeadlines deadlines) {
        this.store = Objects.requireNonNull(store, "store");
        this.time = Objects.requireNonNull(time, "time");
        this.deadlines = Objects.requireNonNull(deadlines, "deadlines");
        this.today = store.now(time).stream()
                .mapToObj(micros -> Bitemporal.fromMicros(micros).atZone(RecordedEvent.SHANGHAI).toLocalDate())
                .findFirst().orElse(null);
    }

    Optional<TraceView> trace(TraceKind kind, String ref) {
        return chain(kind, ref).map(TraceAssembler::view);
    }

    Optional<Chain> chain(TraceKind kind, String ref) {
        return switch (kind) {
            case SUBSIDY -> subsidy(ref);
            case VEHICLE -> vehicle(ref);
            case APPLIANCE -> appliance(ref);
            case INVOICE -> invoice(ref);
            case ENTERPRISE -> enterprise(ref);
            case FUND -> fund(ref);
            case PERSON -> person(ref);
        };
    }

    private static TraceView view(Chain chain) {
        List<Stage> stages = chain.stages().stream().map(stage -> new Stage(stage.name(), stage.status(),
                stage.events().stream().limit(SupervisionProjection.MAX_STAGE_EVENTS).map(EventRow::toTraceEvent)
                        .toList())).toList();
        List<Related> related = chain.related().stream()
                .filter(entry -> !(entry.kind().equals(chain.subject().kind()) && entry.ref().equals(chain.subject().ref())))
                .limit(MAX_RELATED).toList();
        return new TraceView(chain.subject(), stages, chain.completeness(), chain.missing(), related);
    }

    // ---- subsidy ----

    private Optional<Chain> subsidy(String subsidyId) {
        List<EventRow> own = stream(StreamKind.SUBSIDY, subsidyId);
        List<EventRow> namedBy = linked(LinkKind.SUBSIDY, subsidyId);
        if (own.isEmpty() && namedBy.isEmpty()) {
            return Optional.empty();
        }
        Set<Related> related = new LinkedHashSet<>();
        List<StageResult> stages = new ArrayList<>();
        EventRow grant = first(own, EventRow.SUBSIDY_GRANTED);
        List<EventRow> payments = all(own, EventRow.SUBSIDY_PAID);
        List<EventRow> reversals = all(own, EventRow.SUBSIDY_REVERSED);
        long reversedFen = reversals.stream().mapToLong(EventRow::amountFen).sum();
        boolean withdrawn = grant != null && reversedFen >= grant.amountFen();
        LocalDate grantedOn = grant == null ? null : grant.occurredOn();

        stages.add(fundAllocated(grant, related));
        if (grant != null) {
            related.add(grant.personRef() != null
                    ? new Related(TraceKind.PERSON.word(), grant.personRef(), "beneficiary")
                    : new Related(TraceKind.ENTERPRISE.word(), grant.enterpriseId(), "beneficiary"));
            if (grant.merchantId() != null) {
                related.add(new Related(TraceKind.ENTERPRISE.word(), grant.merchantId(), "merchant"));
            }
        }
        stages.add(grant == null ? pending("GRANTED") : StageResult.of("GRANTED", StageStatus.DONE, List.of(grant)));

        List<StageResult> due = new ArrayList<>();
        LocalDate payBy = plus(grantedOn, deadlines.paymentDays());
        due.add(payments.isEmpty()
                ? missingBy("PAID", payBy, "not within " + deadlines.paymentDays() + " days of the grant")
                : present("PAID", payments, earliestDate(payments), payBy));

        String programme = grant == null ? null : grant.programme();
        String oldItemKind = grant == null ? null : grant.oldItemKind();
        String oldItemRef = grant == null ? null : grant.oldItemRef();
        boolean vehicleChain = Programme.VEHICLE_SCRAP.name().equals(programme)
                || (OldItemKind.VEHICLE.name().equals(oldItemKind) && !Programme.VEHICLE_REPLACEMENT.name().equals(programme));
        boolean applianceChain = !vehicleChain && (Programme.APPLIANCE.name().equals(programme)
                || OldItemKind.APPLIANCE.name().equals(oldItemKind) || (grant == null && !namedBy.isEmpty()));
        if (applianceChain) {
            String returnId = OldItemKind.APPLIANCE.name().equals(oldItemKind) ? oldItemRef
                    : namedBy.stream().filter(row -> row.is(EventRow.APPLIANCE_COLLECTED)).map(EventRow::returnId)
                    .findFirst().orElse(null);
            if (returnId != null) {
                related.add(new Related(TraceKind.APPLIANCE.word(), returnId, "old-item"));
            }
            due.addAll(applianceStages(returnId, plus(grantedOn, deadlines.collectionDays()), "OLD_ITEM_COLLECTED",
                    related));
        } else if (vehicleChain) {
            String vin = OldItemKind.VEHICLE.name().equals(oldItemKind) ? oldItemRef : null;
            if (vin != null) {
                related.add(new Related(TraceKind.VEHICLE.word(), vin, "old-item"));
            }
            due.addAll(vehicleStages(vin, related));
        } else if (oldItemRef != null) {
            related.add(new Related(oldItemKind.toLowerCase(Locale.ROOT), oldItemRef, "old-item"));
        }
        // A subsidy reversed in full is withdrawn: nothing more is due from it, though what did happen stays.
        for (StageResult stage : due) {
            boolean outstanding = stage.status() == StageStatus.PENDING || stage.status() == StageStatus.MISSING;
            stages.add(withdrawn && outstanding
                    ? StageResult.of(stage.name(), StageStatus.NOT_APPLICABLE, stage.events()) : stage);
        }
        if (!reversals.isEmpty()) {
            stages.add(StageResult.of("REVERSED", StageStatus.INFO, reversals));
        }

        if (grant != null) {
            if (grant.personRef() != null) {
                otherSubsidies(LinkKind.PERSON, grant.personRef(), subsidyId, "same-beneficiary", related);
            }
            if (oldItemRef != null) {
                otherSubsidies(LinkKind.valueOf(oldItemKind), oldItemRef, subsidyId, "same-old-item", related);
                invoicesNaming(oldItemRef, related);
            }
        }
        return Optional.of(new Chain(new Subject(TraceKind.SUBSIDY.word(), subsidyId), stages, related, own));
    }

    /** FUND_ALLOCATED: an allocation of the subsidy's fund to its region that occurred on or before the grant. */
    private StageResult fundAllocated(EventRow grant, Set<Related> related) {
        if (grant == null) {
            return pending("FUND_ALLOCATED");
        }
        related.add(new Related(TraceKind.FUND.word(), grant.fundId(), "fund"));
        List<EventRow> allocations = stream(StreamKind.FUND, grant.fundId()).stream()
                .filter(row -> row.is(EventRow.FUND_ALLOCATED) && Objects.equals(row.regionCode(), grant.regionCode())
                        && row.occurredAtMicros() <= grant.occurredAtMicros())
                .toList();
        if (allocations.isEmpty()) {
            return StageResult.broken("FUND_ALLOCATED", StageStatus.MISSING, List.of(), "no allocation of fund "
                    + grant.fundId() + " to region " + grant.regionCode() + " on or before the grant");
        }
        return StageResult.of("FUND_ALLOCATED", StageStatus.DONE, allocations);
    }

    private void otherSubsidies(LinkKind kind, String ref, String subsidyId, String relation, Set<Related> related) {
        for (EventRow row : linked(kind, ref)) {
            if (row.is(EventRow.SUBSIDY_GRANTED) && !row.streamKey().equals(subsidyId)) {
                related.add(new Related(TraceKind.SUBSIDY.word(), row.streamKey(), relation));
            }
        }
    }

    private void invoicesNaming(String itemRef, Set<Related> related) {
        for (EventRow row : linked(LinkKind.ITEM, itemRef)) {
            if (row.is(EventRow.INVOICE_ISSUED)) {
                related.add(new Related(TraceKind.INVOICE.word(), row.streamKey(), "reverse-invoice"));
            }
        }
    }

    // ---- old items: vehicles and appliances ----

    /** SCRAPPED_BY_QUALIFIED_RECYCLER → DEREGISTERED → DISMANTLED (R13). */
    private List<StageResult> vehicleStages(String vin, Set<Related> related) {
        List<EventRow> events = vin == null ? List.of() : stream(StreamKind.VEHICLE, vin);
        List<EventRow> scraps = all(events, EventRow.VEHICLE_SCRAPPED);
        List<EventRow> deregistrations = all(events, EventRow.VEHICLE_DEREGISTERED);
        List<EventRow> dismantlings = all(events, EventRow.VEHICLE_DISMANTLED);
        scraps.forEach(row -> {
            related.add(new Related(TraceKind.PERSON.word(), row.personRef(), "owner"));
            related.add(new Related(TraceKind.ENTERPRISE.word(), row.enterpriseId(), "recycler"));
        });
        dismantlings.forEach(row -> related.add(new Related(TraceKind.ENTERPRISE.word(), row.enterpriseId(), "dismantler")));

        List<StageResult> stages = new ArrayList<>();
        String scrapped = "SCRAPPED_BY_QUALIFIED_RECYCLER";
        if (scraps.isEmpty()) {
            stages.add(pending(scrapped));
        } else if (scraps.stream().anyMatch(row -> holds(row.enterpriseId(), VEHICLE_RECYCLING, row.businessDate()))) {
            stages.add(StageResult.of(scrapped, StageStatus.DONE, scraps));
        } else {
            EventRow scrap = scraps.get(0);
            stages.add(unqualified(scrapped, scraps, null, null, "recycler " + scrap.enterpriseId()
                    + " held no VEHICLE_RECYCLING valid on " + scrap.businessDate()));
        }
        LocalDate closeBy = plus(earliestDate(scraps), deadlines.vehicleClosureDays());
        String closure = "not within " + deadlines.vehicleClosureDays() + " days of scrapping";
        stages.add(deregistrations.isEmpty() ? missingBy("DEREGISTERED", closeBy, closure)
                : present("DEREGISTERED", deregistrations, earliestDate(deregistrations), closeBy));
        stages.add(dismantlings.isEmpty() ? missingBy("DISMANTLED", closeBy, closure)
                : present("DISMANTLED", dismantlings, earliestDate(dismantlings), closeBy));
        return stages;
    }

    /** COLLECTED → HANDED_OVER → DISMANTLED_BY_QUALIFIED (R12); {@code collectBy} is the grant's T1 deadline, if any. */
    private List<StageResult> applianceStages(String returnId, LocalDate collectBy, String collectedName,
                                              Set<Related> related) {
        List<EventRow> events = returnId == null ? List.of() : stream(StreamKind.APPLIANCE, returnId);
        List<EventRow> collections = all(events, EventRow.APPLIANCE_COLLECTED);
        List<EventRow> handovers = all(events, EventRow.APPLIANCE_HANDED_OVER);
        List<EventRow> dismantlings = all(events, EventRow.APPLIANCE_DISMANTLED);
        collections.forEach(row -> {
            related.add(new Related(TraceKind.PERSON.word(), row.personRef(), "owner"));
            related.add(new Related(TraceKind.ENTERPRISE.word(), row.enterpriseId(), "collector"));
        });
        handovers.forEach(row -> related.add(new Related(TraceKind.ENTERPRISE.word(), row.enterpriseId(), "receiver")));
        dismantlings.forEach(row -> related.add(new Related(TraceKind.ENTERPRISE.word(), row.enterpriseId(), "dismantler")));

        List<StageResult> stages = new ArrayList<>();
        stages.add(collections.isEmpty()
                ? missingBy(collectedName, collectBy, "not within " + deadlines.collectionDays() + " days of the grant")
                : present(collectedName, collections, earliestDate(collections), collectBy));
        EventRow collected = collections.isEmpty() ? null : collections.get(0);
        LocalDate dismantleBy = collected == null ? null : plus(collected.businessDate(), deadlines.dismantlingDays());
        String inTime = "within " + deadlines.dismantlingDays() + " days of collection";

        if (!handovers.isEmpty()) {
            stages.add(present("HANDED_OVER", handovers, earliestDate(handovers), dismantleBy));
        } else if (collected != null && dismantlings.stream()
                .anyMatch(row -> Objects.equals(row.enterpriseId(), collected.enterpriseId()))) {
            // The collector dismantled the appliance itself: there was nothing to hand over.
            stages.add(StageResult.of("HANDED_OVER", StageStatus.NOT_APPLICABLE, List.of()));
        } else {
            stages.add(missingBy("HANDED_OVER", dismantleBy, "not " + inTime));
        }

        String dismantled = "DISMANTLED_BY_QUALIFIED";
        List<EventRow> qualified = dismantlings.stream()
                .filter(row -> holds(row.enterpriseId(), WEEE, row.businessDate())).toList();
        if (!qualified.isEmpty()) {
            stages.add(present(dismantled, dismantlings, earliestDate(qualified), dismantleBy));
        } else if (!dismantlings.isEmpty()) {
            EventRow first = dismantlings.get(0);
            stages.add(unqualified(dismantled, dismantlings, dismantleBy, "not by a WEEE_PROCESSING holder " + inTime,
                    "dismantler " + first.enterpriseId() + " held no WEEE_PROCESSING valid on " + first.businessDate()));
        } else {
            stages.add(missingBy(dismantled, dismantleBy, "not by a WEEE_PROCESSING holder " + inTime));
        }
        return stages;
    }

    private Optional<Chain> vehicle(String vin) {
        List<EventRow> own = stream(StreamKind.VEHICLE, vin);
        List<EventRow> grants = all(linked(LinkKind.VEHICLE, vin), EventRow.SUBSIDY_GRANTED);
        List<EventRow> invoices = all(linked(LinkKind.ITEM, vin), EventRow.INVOICE_ISSUED);
        if (own.isEmpty() && grants.isEmpty() && invoices.isEmpty()) {
            return Optional.empty();
        }
        Set<Related> related = new LinkedHashSet<>();
        List<StageResult> stages = vehicleStages(vin, related);
        grants.forEach(row -> related.add(new Related(TraceKind.SUBSIDY.word(), row.streamKey(), "subsidy")));
        invoices.forEach(row -> related.add(new Related(TraceKind.INVOICE.word(), row.streamKey(), "reverse-invoice")));
        return Optional.of(new Chain(new Subject(TraceKind.VEHICLE.word(), vin), stages, related, own));
    }

    private Optional<Chain> appliance(String returnId) {
        List<EventRow> own = stream(StreamKind.APPLIANCE, returnId);
        List<EventRow> grants = all(linked(LinkKind.APPLIANCE, returnId), EventRow.SUBSIDY_GRANTED);
        List<EventRow> invoices = all(linked(LinkKind.ITEM, returnId), EventRow.INVOICE_ISSUED);
        if (own.isEmpty() && grants.isEmpty() && invoices.isEmpty()) {
            return Optional.empty();
        }
        Set<Related> related = new LinkedHashSet<>();
        List<StageResult> stages = applianceStages(returnId, collectionDeadline(returnId, own, grants), "COLLECTED",
                related);
        subsidiesBehind(own, grants).forEach(id -> related.add(new Related(TraceKind.SUBSIDY.word(), id, "subsidy")));
        invoices.forEach(row -> related.add(new Related(TraceKind.INVOICE.word(), row.streamKey(), "reverse-invoice")));
        return Optional.of(new Chain(new Subject(TraceKind.APPLIANCE.word(), returnId), stages, related, own));
    }

    /** The subsidies behind an appliance: those naming it as their old item, and the one its collection names. */
    private Set<String> subsidiesBehind(List<EventRow> applianceEvents, List<EventRow> grantsNamingIt) {
        Set<String> ids = new LinkedHashSet<>();
        grantsNamingIt.forEach(row -> ids.add(row.streamKey()));
        applianceEvents.stream().filter(row -> row.is(EventRow.APPLIANCE_COLLECTED) && row.subsidyId() != null)
                .forEach(row -> ids.add(row.subsidyId()));
        return ids;
    }

    /** R12's T1 deadline for an appliance's collection: from the earliest grant behind it, if any. */
    private LocalDate collectionDeadline(String returnId, List<EventRow> applianceEvents, List<EventRow> grantsNamingIt) {
        LocalDate earliest = null;
        for (String subsidyId : subsidiesBehind(applianceEvents, grantsNamingIt)) {
            EventRow grant = first(stream(StreamKind.SUBSIDY, subsidyId), EventRow.SUBSIDY_GRANTED);
            if (grant != null && (earliest == null || grant.occurredOn().isBefore(earliest))) {
                earliest = grant.occurredOn();
            }
        }
        return plus(earliest, deadlines.collectionDays());
    }

    // ---- reverse invoice ----

    private Optional<Chain> invoice(String invoiceNo) {
        List<EventRow> own = stream(StreamKind.REVERSE_INVOICE, invoiceNo);
        if (own.isEmpty()) {
            return Optional.empty();
        }
        Set<Related> related = new LinkedHashSet<>();
        List<StageResult> stages = new ArrayList<>();
        EventRow issued = first(own, EventRow.INVOICE_ISSUED);
        if (issued == null) {
            stages.add(pending("ISSUED"));
        } else {
            related.add(new Related(TraceKind.ENTERPRISE.word(), issued.enterpriseId(), "issuer"));
            related.add(new Related(TraceKind.PERSON.word(), issued.personRef(), "seller"));
            if (holds(issued.enterpriseId(), INVOICE_ISSUER, issued.businessDate())) {
                stages.add(StageResult.of("ISSUED", StageStatus.DONE, List.of(issued)));
            } else {
                stages.add(unqualified("ISSUED", List.of(issued), null, null, "issuer " + issued.enterpriseId()
                        + " held none of VEHICLE_RECYCLING, HAZARDOUS_WASTE, RECYCLING_FILING valid on "
                        + issued.businessDate()));
            }
            for (String item : store.itemRefs(issued.ledgerEventId()).stream().limit(MAX_NESTED_CHAINS).toList()) {
                stages.addAll(itemStages(item, related));
            }
        }
        List<EventRow> voids = all(own, EventRow.INVOICE_VOIDED);
        if (!voids.isEmpty()) {
            stages.add(StageResult.of("VOIDED", StageStatus.INFO, voids));
        }
        return Optional.of(new Chain(new Subject(TraceKind.INVOICE.word(), invoiceNo), stages, related, own));
    }

    /**
     * Where an invoiced item went: a VIN's vehicle chain or a returnId's appliance chain, each stage
     * named {@code vehicle:VIN/STAGE} or {@code appliance:ID/STAGE}. The invoice does not say which
     * an item is: the stream that exists decides, else the form of the reference.
     */
    private List<StageResult> itemStages(String item, Set<Related> related) {
        boolean vehicle = !stream(StreamKind.VEHICLE, item).isEmpty()
                || (stream(StreamKind.APPLIANCE, item).isEmpty() && Vin.problem(item).isEmpty());
        List<StageResult> stages;
        String prefix;
        if (vehicle) {
            prefix = StreamKind.VEHICLE.prefix() + ":" + item + "/";
            related.add(new Related(TraceKind.VEHICLE.word(), item, "item"));
            stages = vehicleStages(item, related);
            all(linked(LinkKind.VEHICLE, item), EventRow.SUBSIDY_GRANTED)
                    .forEach(row -> related.add(new Related(TraceKind.SUBSIDY.word(), row.streamKey(), "item-subsidy")));
        } else {
            prefix = StreamKind.APPLIANCE.prefix() + ":" + item + "/";
            related.add(new Related(TraceKind.APPLIANCE.word(), item, "item"));
            List<EventRow> own = stream(StreamKind.APPLIANCE, item);
            List<EventRow> grants = all(linked(LinkKind.APPLIANCE, item), EventRow.SUBSIDY_GRANTED);
            stages = applianceStages(item, collectionDeadline(item, own, grants), "COLLECTED", related);
            subsidiesBehind(own, grants)
                    .forEach(id -> related.add(new Related(TraceKind.SUBSIDY.word(), id, "item-subsidy")));
        }
        return stages.stream().map(stage -> stage.renamed(prefix + stage.name())).toList();
    }

    // ---- enterprise ----

    private Optional<Chain> enterprise(String enterpriseId) {
        List<EventRow> own = stream(StreamKind.ENTERPRISE, enterpriseId);
        List<EventRow> acts = linked(LinkKind.ENTERPRISE, enterpriseId);
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
            if (holds(enterpriseId, Set.of(qualification.name()), today)) {
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

    // ---- fund ----

    private Optional<Chain> fund(String fundId) {
        List<EventRow> own = stream(StreamKind.FUND, fundId);
        List<EventRow> grants = all(linked(LinkKind.FUND, fundId), EventRow.SUBSIDY_GRANTED);
        if (own.isEmpty() && grants.isEmpty()) {
            return Optional.empty();
        }
        Set<Related> related = new LinkedHashSet<>();
        List<StageResult> stages = new ArrayList<>();
        stages.add(presentOrPending("OPENED", all(own, EventRow.FUND_OPENED)));
        stages.add(presentOrPending("APPROPRIATED", all(own, EventRow.FUND_APPROPRIATED)));
        List<EventRow> allocations = all(own, EventRow.FUND_ALLOCATED);
        stages.add(presentOrPending("ALLOCATED", allocations));
        stages.add(presentOrPending("GRANTED", grants));
        stages.add(presentOrPending("PAID", store.paymentsFromFund(fundId, time, SupervisionProjection.MAX_STAGE_EVENTS)));
        List<EventRow> reclaims = all(own, EventRow.FUND_RECLAIMED);
        if (!reclaims.isEmpty()) {
            stages.add(StageResult.of("RECLAIMED", StageStatus.INFO, reclaims));
        }
        allocations.forEach(row -> related.add(new Related("region", row.regionCode(), "allocated-to")));
        return Optional.of(new Chain(new Subject(TraceKind.FUND.word(), fundId), stages, related, own));
    }

    // ---- person ----

    /**
     * A person's trace: one stage per thing the person is party to — subsidies as beneficiary,
     * vehicles and appliances as owner, reverse invoices as seller — named by its stream id, with the
     * status of that thing's own chain; the person's completeness is the worst of them.
     */
    private Optional<Chain> person(String personRef) {
        List<EventRow> acts = linked(LinkKind.PERSON, personRef);
        if (acts.isEmpty()) {
            return Optional.empty();
        }
        Map<String, Item> items = new LinkedHashMap<>();
        for (EventRow act : acts) {
            Item item = personItem(act);
            if (item != null && items.size() < MAX_NESTED_CHAINS) {
                items.putIfAbsent(item.kind().word() + ":" + item.ref(), item);
            }
        }
        Set<Related> related = new LinkedHashSet<>();
        items.values().forEach(item -> related.add(new Related(item.kind().word(), item.ref(), item.relation())));
        Set<Related> nested = new LinkedHashSet<>();
        List<StageResult> stages = new ArrayList<>();
        for (Item item : items.values()) {
            Optional<Chain> found = chain(item.kind(), item.ref());
            if (found.isEmpty()) {
                continue;
            }
            Chain chain = found.get();
            String name = streamIdOf(item);
            nested.addAll(chain.related());
            switch (chain.completeness()) {
                case COMPLETE -> stages.add(StageResult.of(name, StageStatus.DONE, chain.ownEvents()));
                case IN_PROGRESS -> stages.add(StageResult.of(name, StageStatus.PENDING, chain.ownEvents()));
                case BROKEN -> stages.add(StageResult.broken(name, StageStatus.BROKEN, chain.ownEvents(),
                        String.join("; ", chain.stages().stream().filter(StageResult::breaks)
                                .map(StageResult::missingEntry).toList())));
            }
        }
        // What the person's things are connected to (merchants, recyclers, funds …), without repeating the things.
        nested.stream()
                .filter(entry -> !(entry.kind().equals(TraceKind.PERSON.word()) && entry.ref().equals(personRef)))
                .filter(entry -> !items.containsKey(entry.kind() + ":" + entry.ref()))
                .forEach(related::add);
        return Optional.of(new Chain(new Subject(TraceKind.PERSON.word(), personRef), stages, related, acts));
    }

    private record Item(TraceKind kind, String ref, String relation) {
    }

    private static Item personItem(EventRow act) {
        if (act.is(EventRow.SUBSIDY_GRANTED)) {
            return new Item(TraceKind.SUBSIDY, act.streamKey(), "beneficiary-of");
        }
        if (act.is(EventRow.VEHICLE_SCRAPPED)) {
            return new Item(TraceKind.VEHICLE, act.streamKey(), "owner-of");
        }
        if (act.is(EventRow.APPLIANCE_COLLECTED)) {
            return new Item(TraceKind.APPLIANCE, act.streamKey(), "owner-of");
        }
        if (act.is(EventRow.INVOICE_ISSUED)) {
            return new Item(TraceKind.INVOICE, act.streamKey(), "seller-on");
        }
        return null;
    }

    private static String streamIdOf(Item item) {
        StreamKind kind = switch (item.kind()) {
            case SUBSIDY -> StreamKind.SUBSIDY;
            case VEHICLE -> StreamKind.VEHICLE;
            case APPLIANCE -> StreamKind.APPLIANCE;
            case INVOICE -> StreamKind.REVERSE_INVOICE;
            case ENTERPRISE -> StreamKind.ENTERPRISE;
            case FUND -> StreamKind.FUND;
            case PERSON -> throw new IllegalArgumentException("a person is not a stream");
        };
        return kind.prefix() + ":" + item.ref();
    }

    // ---- qualifications ----

    /**
     * Whether an enterprise held one of the qualifications on a day, as known within the filter: a
     * grant valid from on or before the day and not expired before it, not ended by a later
     * revocation (later in the enterprise's stream) that took effect on or before the day. A
     * revocation "from revokedOn" means the qualification is not held on revokedOn itself.
     */
    boolean holds(String enterpriseId, Set<String> qualifications, LocalDate day) {
        if (enterpriseId == null || day == null) {
            return false;
        }
        List<EventRow> events = stream(StreamKind.ENTERPRISE, enterpriseId);
        for (EventRow grant : events) {
            if (!grant.is(EventRow.QUALIFICATION_GRANTED) || !qualifications.contains(grant.qualification())
                    || grant.businessDate().isAfter(day) || (grant.validTo() != null && grant.validTo().isBefore(day))) {
                continue;
            }
            boolean revoked = events.stream().anyMatch(row -> row.is(EventRow.QUALIFICATION_REVOKED)
                    && row.qualification().equals(grant.qualification()) && row.sequence() > grant.sequence()
                    && !row.businessDate().isAfter(day));
            if (!revoked) {
                return true;
            }
        }
        return false;
    }

    // ---- stage helpers ----

    private static StageResult pending(String name) {
        return StageResult.of(name, StageStatus.PENDING, List.of());
    }

    private static StageResult presentOrPending(String name, List<EventRow> events) {
        return events.isEmpty() ? pending(name) : StageResult.of(name, StageStatus.DONE, events);
    }

    /** A stage that is there: DONE, or LATE when it happened after its deadline. */
    private static StageResult present(String name, List<EventRow> events, LocalDate doneOn, LocalDate deadline) {
        boolean late = deadline != null && doneOn != null && doneOn.isAfter(deadline);
        return StageResult.of(name, late ? StageStatus.LATE : StageStatus.DONE, events);
    }

    /** A stage that is not there: MISSING (breaking the chain) once "now" is after its deadline, else PENDING. */
    private StageResult missingBy(String name, LocalDate deadline, String what) {
        if (overdue(deadline)) {
            return StageResult.broken(name, StageStatus.MISSING, List.of(), what + " (deadline " + deadline + ")");
        }
        return pending(name);
    }

    /**
     * A stage whose event is there but by an enterprise without the qualification. It breaks the chain
     * once its deadline has passed without a qualified event, at once when the stage has no deadline.
     */
    private StageResult unqualified(String name, List<EventRow> events, LocalDate deadline, String what, String detail) {
        if (deadline == null) {
            return StageResult.broken(name, StageStatus.UNQUALIFIED, events, detail);
        }
        if (overdue(deadline)) {
            return StageResult.broken(name, StageStatus.UNQUALIFIED, events,
                    what + " (deadline " + deadline + "): " + detail);
        }
        return StageResult.of(name, StageStatus.UNQUALIFIED, events);
    }

    private boolean overdue(LocalDate deadline) {
        return deadline != null && today != null && today.isAfter(deadline);
    }

    private static LocalDate plus(LocalDate date, int days) {
        return date == null ? null : date.plusDays(days);
    }

    private static LocalDate earliestDate(List<EventRow> events) {
        return events.stream().map(EventRow::dateOrOccurredOn).min(Comparator.naturalOrder()).orElse(null);
    }

    private static EventRow first(List<EventRow> events, String type) {
        return events.stream().filter(row -> row.is(type)).min(Comparator.comparingLong(EventRow::sequence)).orElse(null);
    }

    private static List<EventRow> all(List<EventRow> events, String type) {
        return events.stream().filter(row -> row.is(type)).toList();
    }

    // ---- loading, each stream and subject once per query ----

    private List<EventRow> stream(StreamKind kind, String key) {
        String streamId = kind.prefix() + ":" + key;
        return streams.computeIfAbsent(streamId, id -> store.stream(id, time));
    }

    private List<EventRow> linked(LinkKind kind, String ref) {
        return links.computeIfAbsent(kind.name() + "\u0000" + ref,
                key -> store.linked(kind, ref, time, MAX_LINKED_EVENTS));
    }
}
