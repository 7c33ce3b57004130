package cn.huanxin.ledger.api.investigation;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What the discipline office asked for: a business-time slice, optionally one region, and rule
 * parameters that differ from the live ones.
 *
 * @param slice      the events whose {@code occurredAt} lies in it
 * @param regionCode a code of the region table, or {@code null} for every region
 * @param overrides  rule id → parameter → value, merged onto the live settings
 */
record InvestigationRequest(TimeSlice slice, String regionCode, Map<String, Map<String, String>> overrides) {

    InvestigationRequest {
        Objects.requireNonNull(slice, "slice");
        Map<String, Map<String, String>> copy = new LinkedHashMap<>();
        overrides.forEach((rule, parameters) -> copy.put(rule, Collections.unmodifiableMap(
                new LinkedHashMap<>(parameters))));
        overrides = Collections.unmodifiableMap(copy);
    }
}
