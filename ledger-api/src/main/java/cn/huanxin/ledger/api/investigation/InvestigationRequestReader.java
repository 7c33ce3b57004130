package cn.huanxin.ledger.api.investigation;

import cn.huanxin.ledger.api.web.FieldError;
import cn.huanxin.ledger.api.web.Problems;
import cn.huanxin.ledger.api.web.RequestProblem;
import cn.huanxin.ledger.core.common.RegionTable;
import com.fasterxml.jackson.databind.JsonNode;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads and checks the body of {@code POST /api/v1/investigations}:
 * {@code {from, to, regionCode?, rules? {ruleId: {param: value}}}}. Every problem is collected and
 * answered at once as a 400 naming its field; nothing is recorded for a refused request.
 */
@Component
class InvestigationRequestReader {

    static final int MAX_VALUE_LENGTH = 500;
    private static final Set<String> FIELDS = Set.of("from", "to", "regionCode", "rules");

    private final RegionTable regions;
    private final RuleCatalog catalog;

    InvestigationRequestReader(RegionTable regions, RuleCatalog catalog) {
        this.regions = regions;
        this.catalog = catalog;
    }

    InvestigationRequest read(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw new RequestProblem(Problems.invalid("",
                    "the body is {\"from\": …, \"to\": …, \"regionCode\": …, \"rules\": {ruleId: {parameter: value}}}"));
        }
        List<FieldError> errors = new ArrayList<>();
        body.fieldNames().forEachRemaining(name -> {
            if (!FIELDS.contains(name)) {
                errors.add(new FieldError(name, "is not a field of an investigation"));
            }
        });
        Optional<TimeSlice.Bound> from = bound(body, "from", errors);
        Optional<TimeSlice.Bound> to = bound(body, "to", errors);
        if (from.isPresent() && to.isPresent() && !from.get().start().isBefore(to.get().endExclusive())) {
            errors.add(new FieldError("to", "must not be before from"));
        }
        String regionCode = regionCode(body.get("regionCode"), errors);
        Map<String, Map<String, String>> overrides = overrides(body.get("rules"), errors);
        if (errors.isEmpty()) {
            errors.addAll(catalog.check(overrides));
        }
        if (!errors.isEmpty()) {
            throw new RequestProblem(Problems.invalid(errors));
        }
        TimeSlice slice = new TimeSlice(from.get().text(), to.get().text(), from.get().start(),
                to.get().endExclusive());
        return new InvestigationRequest(slice, regionCode, overrides);
    }

    private static Optional<TimeSlice.Bound> bound(JsonNode body, String field, List<FieldError> errors) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            errors.add(new FieldError(field, "is required: a date YYYY-MM-DD or an ISO-8601 time with an offset"));
            return Optional.empty();
        }
        Optional<TimeSlice.Bound> bound = node.isTextual() ? TimeSlice.bound(node.textValue()) : Optional.empty();
        if (bound.isEmpty()) {
            errors.add(new FieldError(field, "must be a date YYYY-MM-DD or an ISO-8601 time with an offset"));
        }
        return bound;
    }

    private String regionCode(JsonNode node, List<FieldError> errors) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isTextual() || !regions.contains(node.textValue())) {
            errors.add(new FieldError("regionCode", "is not a code of the region table"));
            return null;
        }
        return node.textValue();
    }

    private static Map<String, Map<String, String>> overrides(JsonNode node, List<FieldError> errors) {
        Map<String, Map<String, String>> overrides = new LinkedHashMap<>();
        if (node == null || node.isNull()) {
            return overrides;
        }
        if (!node.isObject()) {
            errors.add(new FieldError("rules", "must be an object {ruleId: {parameter: value}}"));
            return overrides;
        }
        for (Iterator<Map.Entry<String, JsonNode>> rules = node.fields(); rules.hasNext(); ) {
            Map.Entry<String, JsonNode> rule = rules.next();
            String field = "rules." + rule.getKey();
            if (!rule.getValue().isObject()) {
                errors.add(new FieldError(field, "must be an object {parameter: value}"));
                continue;
            }
            Map<String, String> parameters = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> values = rule.getValue().fields(); values.hasNext(); ) {
                Map.Entry<String, JsonNode> parameter = values.next();
                JsonNode value = parameter.getValue();
                String text = value.isTextual() ? value.textValue()
                        : value.isNumber() ? value.decimalValue().toPlainString() : null;
                if (text == null) {
                    errors.add(new FieldError(field + "." + parameter.getKey(), "must be a string or a number"));
                } else if (text.length() > MAX_VALUE_LENGTH) {
                    errors.add(new FieldError(field + "." + parameter.getKey(),
                            "must be at most " + MAX_VALUE_LENGTH + " characters"));
                } else {
                    parameters.put(parameter.getKey(), text);
                }
            }
            overrides.put(rule.getKey(), parameters);
        }
        return overrides;
    }
}
