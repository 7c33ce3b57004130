package cn.huanxin.ledger.api.security;

import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The access policy decides on parsed path variables, and refuses what it has no row for. */
class AccessPolicyTest {

    private static final String TRACE = "/api/v1/trace/{kind}/{ref}";
    private final AccessPolicy policy = new AccessPolicy(stream -> "fund:F-1".equals(stream)
            ? Optional.of("platform") : Optional.empty());

    private static Optional<LedgerClient> client(String name, Role role) {
        return Optional.of(new LedgerClient(name, role, Set.of(), role == Role.SOURCE, false));
    }

    @Test
    void aPersonLookUpIsTheDisciplineOfficesInWhateverCaseTheKindIsSpelt() {
        for (String kind : new String[]{"person", "PERSON", "Person", "PERſON"}) {
            Map<String, String> variables = Map.of("kind", kind, "ref", "x");
            assertThat(policy.decide("GET", TRACE, variables, client("auditor", Role.AUDITOR)).verdict())
                    .as(kind).isEqualTo(AccessPolicy.Verdict.FORBIDDEN);
            assertThat(policy.decide("GET", TRACE, variables, client("discipline", Role.DISCIPLINE)).allowed())
                    .as(kind).isTrue();
        }
        assertThat(policy.decide("GET", TRACE, Map.of("kind", "SUBSIDY", "ref", "x"),
                client("auditor", Role.AUDITOR)).allowed()).isTrue();
    }

    @Test
    void aSourceReadsOnlyItsOwnStreamsAndReceipts() {
        String history = "/api/v1/history/{streamId}";
        assertThat(policy.decide("GET", history, Map.of("streamId", "fund:F-1"), client("platform", Role.SOURCE))
                .allowed()).isTrue();
        assertThat(policy.decide("GET", history, Map.of("streamId", "fund:F-1"), client("importer", Role.SOURCE))
                .verdict()).isEqualTo(AccessPolicy.Verdict.FORBIDDEN);
        assertThat(policy.decide("GET", history, Map.of("streamId", "fund:NONE"), client("platform", Role.SOURCE))
                .verdict()).isEqualTo(AccessPolicy.Verdict.FORBIDDEN);
        String receipt = "/api/v1/events/{source}/{eventId}";
        assertThat(policy.decide("GET", receipt, Map.of("source", "platform", "eventId", "E"),
                client("platform", Role.SOURCE)).allowed()).isTrue();
        assertThat(policy.decide("GET", receipt, Map.of("source", "importer", "eventId", "E"),
                client("platform", Role.SOURCE)).allowed()).isFalse();
    }

    @Test
    void anEndpointWithoutARowIsRefusedToEveryone() {
        assertThat(policy.decide("GET", "/api/v1/new-endpoint", Map.of(), client("admin", Role.ADMIN)).verdict())
                .isEqualTo(AccessPolicy.Verdict.NO_RULE);
        assertThat(policy.decide("DELETE", "/api/v1/balances", Map.of(), client("auditor", Role.AUDITOR)).verdict())
                .isEqualTo(AccessPolicy.Verdict.NO_RULE);
    }

    @Test
    void onlyThePublicKeysTheErrorPageAndTheApiDescriptionAreOpen() {
        assertThat(policy.openEndpoints()).containsExactlyInAnyOrder("GET /api/v1/ledger/public-key",
                "GET /api/v1/ledger/public-keys", "* /error", "GET /openapi.yaml", "GET /swagger-ui",
                "GET /swagger-ui/", "GET /swagger-ui/index.html", "GET /swagger-ui/**");
        assertThat(policy.decide("GET", "/api/v1/balances", Map.of(), Optional.empty()).verdict())
                .isEqualTo(AccessPolicy.Verdict.UNAUTHENTICATED);
        assertThat(policy.decide("GET", "/swagger-ui/**", null, Optional.empty()).allowed()).isTrue();
        assertThat(policy.decide("POST", "/openapi.yaml", Map.of(), Optional.empty()).verdict())
                .isEqualTo(AccessPolicy.Verdict.NO_RULE);
    }

    /**
     * Files are decided like endpoints, by the pattern of the location that serves them: Spring Boot's
     * default locations have no row, so they serve nothing, whoever asks.
     */
    @Test
    void noFileLocationButSwaggerUisIsServed() {
        for (String location : new String[]{"/**", "/webjars/**"}) {
            assertThat(policy.decide("GET", location, null, client("admin", Role.ADMIN)).verdict())
                    .as(location).isEqualTo(AccessPolicy.Verdict.NO_RULE);
            assertThat(policy.decide("GET", location, null, Optional.empty()).verdict())
                    .as(location).isEqualTo(AccessPolicy.Verdict.NO_RULE);
        }
    }
}
