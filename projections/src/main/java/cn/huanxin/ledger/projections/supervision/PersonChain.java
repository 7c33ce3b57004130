package cn.huanxin.ledger.projections.supervision;

import cn.huanxin.ledger.core.common.StreamKind;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;

/**
 * A person's trace: one stage per thing the person is party to — subsidies as beneficiary,
 * vehicles and appliances as owner, reverse invoices as seller — named by its stream id, with the
 * status of that thing's own chain; the person's completeness is the worst of them.
 */
final class PersonChain {

    private final TraceReads reads;
    /** The chain of any other kind: a person's things are followed with their own chains. */
    private final BiFunction<TraceKind, String, Optional<Chain>> chains;

    PersonChain(TraceReads reads, BiFunction<TraceKind, String, Optional<Chain>> chains) {
        this.reads = Objects.requireNonNull(reads, "reads");
        this.chains = Objects.requireNonNull(chains, "chains");
    }

    Optional<Chain> chain(String personRef) {
        List<EventRow> acts = reads.linked(LinkKind.PERSON, personRef);
        if (acts.isEmpty()) {
            return Optional.empty();
        }
        Map<String, Item> items = new LinkedHashMap<>();
        for (EventRow act : acts) {
            Item item = personItem(act);
            if (item != null && items.size() < TraceAssembler.MAX_NESTED_CHAINS) {
                items.putIfAbsent(item.kind().word() + ":" + item.ref(), item);
            }
        }
        Set<Related> related = new LinkedHashSet<>();
        items.values().forEach(item -> related.add(new Related(item.kind().word(), item.ref(), item.relation())));
        Set<Related> nested = new LinkedHashSet<>();
        List<StageResult> stages = new ArrayList<>();
        for (Item item : items.values()) {
            Optional<Chain> found = chains.apply(item.kind(), item.ref());
            if (found.isEmpty()) {
                continue;
            }
            Chain chain = found.get();
            nested.addAll(chain.related());
            stages.add(StageJudge.standingFor(streamIdOf(item), chain));
        }
        // What the person's things are connected to (merchants, recyclers, funds …), without repeating the things.
        nested.stream()
                .filter(entry -> !(entry.kind().equals(TraceKind.PERSON.word()) && entry.ref().equals(personRef)))
                .filter(entry -> !items.containsKey(entry.kind() + ":" + entry.ref()))
                .forEach(related::add);
        return Optional.of(new Chain(new Subject(TraceKind.PERSON.word(), personRef), stages, related, acts));
    }

    /** A thing the person is party to, and how. */
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
}
