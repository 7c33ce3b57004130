package cn.huanxin.ledger.projections.fraud;

import cn.huanxin.ledger.core.common.LedgerFact;
import cn.huanxin.ledger.projections.support.DeferredIndexes;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What the engine and the rule catalogue know of a rule without running it: its id ({@code R01} …
 * {@code R24}), its name in Chinese then English ({@code docs/fraud-rules.md} lists the rules by the
 * English), its severity, the event types (fact classes) it reads, its own tables, and its parameters
 * in force rendered for the catalogue. A rule builds its descriptor once, in its constructor, because
 * the parameters depend on the settings it was built with and never change afterwards.
 *
 * @param reads      the engine hands the rule events of these types (or subtypes) only
 * @param tables     cleared when the view is rebuilt
 * @param parameters in the order the catalogue shows them ({@code GET /api/v1/rules})
 * @param deferred   indexes of the rule's tables that its batches never read, which only guard what its
 *                   writing already guarantees: a rebuild on PostgreSQL drops them and builds them once
 *                   its replay is at the head ({@link DeferredIndexes})
 */
public record RuleDescriptor(String id, String name, Severity severity, Set<Class<? extends LedgerFact>> reads,
                             List<String> tables, Map<String, String> parameters,
                             List<DeferredIndexes.Index> deferred) {

    public RuleDescriptor {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(severity, "severity");
        reads = Set.copyOf(reads);
        tables = List.copyOf(tables);
        // Map.copyOf would forget the order, and the catalogue shows the parameters in the order declared.
        Map<String, String> ordered = new LinkedHashMap<>();
        parameters.forEach((parameter, value) -> ordered.put(Objects.requireNonNull(parameter, "parameter"),
                Objects.requireNonNull(value, () -> id + "." + parameter + " has no value to show")));
        parameters = Collections.unmodifiableMap(ordered);
        deferred = List.copyOf(deferred);
        for (DeferredIndexes.Index index : deferred) {
            if (!tables.contains(index.table())) {
                throw new IllegalArgumentException(id + " defers index " + index.name() + " of " + index.table()
                        + ", which is not one of its tables");
            }
        }
    }

    public RuleDescriptor(String id, String name, Severity severity, Set<Class<? extends LedgerFact>> reads,
                          List<String> tables, Map<String, String> parameters) {
        this(id, name, severity, reads, tables, parameters, List.of());
    }

    /** A rule without parameters of its own; {@link #withParameter} adds them. */
    public RuleDescriptor(String id, String name, Severity severity, Set<Class<? extends LedgerFact>> reads,
                          List<String> tables) {
        this(id, name, severity, reads, tables, Map.of());
    }

    /** This descriptor with one more parameter, shown after those already named. */
    public RuleDescriptor withParameter(String parameter, String value) {
        if (parameters.containsKey(parameter)) {
            throw new IllegalStateException(id + " names parameter " + parameter + " twice");
        }
        Map<String, String> more = new LinkedHashMap<>(parameters);
        more.put(parameter, value);
        return new RuleDescriptor(id, name, severity, reads, tables, more, deferred);
    }

    /** This descriptor with one more index its batches never read ({@link #deferred}). */
    public RuleDescriptor withDeferred(DeferredIndexes.Index index) {
        List<DeferredIndexes.Index> more = new ArrayList<>(deferred);
        more.add(index);
        return new RuleDescriptor(id, name, severity, reads, tables, parameters, more);
    }
}
