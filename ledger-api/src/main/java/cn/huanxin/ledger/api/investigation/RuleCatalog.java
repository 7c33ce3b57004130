package cn.huanxin.ledger.api.investigation;

import cn.huanxin.ledger.api.fraud.FraudConfiguration;
import cn.huanxin.ledger.api.fraud.FraudProperties;
import cn.huanxin.ledger.api.web.FieldError;
import cn.huanxin.ledger.projections.fraud.FraudRule;
import cn.huanxin.ledger.projections.fraud.RuleSettings;
import org.springframework.stereotype.Component;

import java.lang.reflect.InvocationTargetException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The rules an investigation may re-run and the parameters each one takes, and the check of an
 * investigation's overrides against them. The live settings ({@code ledger.rules.*}) are the base;
 * an investigation's overrides are merged onto them.
 * <p>
 * A rule's parameters are the names its catalogue entry shows ({@link FraudRule#parameters()}) that
 * it actually reads: some entries only describe where a rule's figures come from (R02's
 * {@code policy}, R01's {@code limits}). Which names a rule reads is found by asking it: a value no
 * parameter accepts makes the constructor of a rule that reads the name refuse its settings, and
 * leaves a rule that ignores the name unmoved.
 * <p>
 * An investigation's scratch view keeps evidence with the live view's bound
 * ({@code ledger.fraud.evidence-bound}): it is the engine's, not a rule's parameter.
 */
@Component
class RuleCatalog {

    /** Accepted by no integer, decimal, amount or list parameter of any rule. */
    private static final String PROBE = "\u0000 not a value";

    private final RuleSettings live;
    private final int evidenceBound;
    private final long memoryBound;
    private final Map<String, Class<? extends FraudRule>> typesById = new LinkedHashMap<>();
    private final Map<String, Set<String>> parametersById = new LinkedHashMap<>();

    RuleCatalog(RuleSettings live, FraudProperties fraud) {
        this.live = live;
        this.evidenceBound = fraud.evidenceBound();
        this.memoryBound = fraud.memoryBound();
        for (FraudRule rule : FraudConfiguration.rules(live)) {
            typesById.put(rule.id(), rule.getClass());
            Set<String> read = new LinkedHashSet<>();
            for (String name : rule.parameters().keySet()) {
                if (refusal(rule.getClass(), live.with(Map.of(rule.id(), Map.of(name, PROBE)))) != null) {
                    read.add(name);
                }
            }
            parametersById.put(rule.id(), Collections.unmodifiableSet(read));
        }
    }

    Set<String> ruleIds() {
        return Collections.unmodifiableSet(typesById.keySet());
    }

    Set<String> parameters(String ruleId) {
        return parametersById.getOrDefault(ruleId, Set.of());
    }

    /** The field errors of a set of overrides (rule id → parameter → value), empty when every one is usable. */
    List<FieldError> check(Map<String, Map<String, String>> overrides) {
        List<FieldError> errors = new ArrayList<>();
        overrides.forEach((ruleId, parameters) -> {
            String field = "rules." + ruleId;
            if (!typesById.containsKey(ruleId)) {
                errors.add(new FieldError(field, "is not a rule of this ledger (" + String.join(", ", ruleIds()) + ")"));
                return;
            }
            boolean named = true;
            for (String name : parameters.keySet()) {
                if (!parameters(ruleId).contains(name)) {
                    named = false;
                    errors.add(new FieldError(field + "." + name, parameters(ruleId).isEmpty()
                            ? "is not a parameter: " + ruleId + " takes none"
                            : "is not a parameter of " + ruleId + " (" + String.join(", ", parameters(ruleId)) + ")"));
                }
            }
            if (!named) {
                return;
            }
            boolean each = true;
            for (Map.Entry<String, String> parameter : parameters.entrySet()) {
                String refusal = refusal(typesById.get(ruleId),
                        live.with(Map.of(ruleId, Map.of(parameter.getKey(), parameter.getValue()))));
                if (refusal != null) {
                    each = false;
                    errors.add(new FieldError(field + "." + parameter.getKey(), refusal));
                }
            }
            // Values each acceptable alone may still be refused together.
            String together = each ? refusal(typesById.get(ruleId), live.with(Map.of(ruleId, parameters))) : null;
            if (together != null) {
                errors.add(new FieldError(field, together));
            }
        });
        return errors;
    }

    /** N: the evidence events an alert keeps from its start and from its end, as in the live view. */
    int evidenceBound() {
        return evidenceBound;
    }

    /** Rows each rule keeps between batches at most, as in the live view. */
    long memoryBound() {
        return memoryBound;
    }

    /** Every rule, built with the live settings and the given overrides, in rule-id order. */
    List<FraudRule> rules(Map<String, Map<String, String>> overrides) {
        return FraudConfiguration.rules(live.with(overrides));
    }

    /** The refusal of a rule given these settings, or {@code null} when it accepts them. */
    private static String refusal(Class<? extends FraudRule> type, RuleSettings settings) {
        try {
            type.getConstructor(RuleSettings.class).newInstance(settings);
            return null;
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof IllegalArgumentException refused) {
                String message = refused.getMessage();
                return "is refused by the rule: " + (message == null || message.startsWith("No enum constant")
                        ? "not a value it accepts" : message);
            }
            throw new IllegalStateException("rule " + type.getSimpleName() + " failed on its settings", e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("rule " + type.getSimpleName()
                    + " needs a public constructor taking RuleSettings", e);
        }
    }
}
