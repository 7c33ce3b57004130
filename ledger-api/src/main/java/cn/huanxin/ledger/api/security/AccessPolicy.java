package cn.huanxin.ledger.api.security;

import cn.huanxin.ledger.projections.supervision.TraceKind;

import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Who may use what, in one place: the role table of {@code docs/api.md}, one row per served endpoint
 * (and per file location: the API's description and Swagger UI), decided on the request as Spring MVC
 * resolved it — the handler's declared method and path pattern and the decoded, parsed path
 * variables — never on the URL's text. So {@code /api/v1/trace/PERSON/…} is a
 * person look-up like {@code /person/}, because {@link TraceKind} reads the kind without regard to
 * case, and a spelling of a path that resolves to no handler is never served at all.
 *
 * <p>An endpoint without a row is refused for every client: a new controller method is unusable
 * until someone decides here who may call it (and the role sweep test fails until it has a row
 * there too).
 */
public final class AccessPolicy {

    /** What the policy says of one request. */
    public enum Verdict {
        ALLOW, UNAUTHENTICATED, FORBIDDEN, NO_RULE
    }

    /**
     * A refusal's reason for the client, or the verdict itself.
     *
     * @param verdict the decision
     * @param reason  what the 403 says; {@code null} when allowed
     */
    public record Decision(Verdict verdict, String reason) {

        static final Decision ALLOWED = new Decision(Verdict.ALLOW, null);

        static Decision forbidden(String reason) {
            return new Decision(Verdict.FORBIDDEN, reason);
        }

        public boolean allowed() {
            return verdict == Verdict.ALLOW;
        }
    }

    /** One row: decides for an authenticated client, given the parsed path variables. */
    @FunctionalInterface
    interface Rule {
        Decision decide(LedgerClient client, Map<String, String> pathVariables);
    }

    private static final String ROLE_REFUSED = "the client's role may not use this endpoint";
    private static final Set<Role> READERS = EnumSet.of(Role.AUDITOR, Role.DISCIPLINE);

    private final Map<String, Rule> rules = new LinkedHashMap<>();
    private final List<String> openEndpoints;

    /**
     * @param streams who created a stream, for a SOURCE client's reading of history
     */
    public AccessPolicy(StreamCreators streams) {
        // Ingestion and receipts.
        roles("POST /api/v1/events", Role.SOURCE);
        roles("POST /api/v1/events/batch", Role.SOURCE);
        rule("GET /api/v1/events/{source}/{eventId}", (client, variables) -> client.role() == Role.SOURCE
                ? own(client.name().equals(variables.get("source")), "a SOURCE client may read only its own receipts")
                : byRole(client, READERS));
        rule("GET /api/v1/history/{streamId}", (client, variables) -> client.role() == Role.SOURCE
                // A stream that does not exist is refused like another client's, so that a source
                // cannot learn which subsidies or funds exist by asking for them.
                ? own(streams.creator(variables.get("streamId")).filter(client.name()::equals).isPresent(),
                        "a SOURCE client may read only streams its own events created")
                : byRole(client, READERS));

        // The auditors' queries.
        roles("GET /api/v1/balances", Role.AUDITOR, Role.DISCIPLINE);
        roles("GET /api/v1/balances/trial", Role.AUDITOR, Role.DISCIPLINE);
        roles("GET /api/v1/accounts/{accountId}/postings", Role.AUDITOR, Role.DISCIPLINE);
        rule("GET /api/v1/trace/{kind}/{ref}", (client, variables) -> isPerson(variables.get("kind"))
                ? byRole(client, EnumSet.of(Role.DISCIPLINE), "a person look-up by ID number is the discipline office's")
                : byRole(client, READERS));
        roles("GET /api/v1/targets", Role.AUDITOR, Role.DISCIPLINE);
        roles("GET /api/v1/alerts", Role.AUDITOR, Role.DISCIPLINE);
        roles("POST /api/v1/alerts/{alertId}/disposition", Role.AUDITOR, Role.DISCIPLINE);
        roles("GET /api/v1/rules", Role.AUDITOR, Role.DISCIPLINE);

        // Integrity and replay.
        open("GET /api/v1/ledger/public-key");
        open("GET /api/v1/ledger/public-keys");
        roles("GET /api/v1/ledger/checkpoints/latest", Role.AUDITOR, Role.DISCIPLINE);
        roles("GET /api/v1/ledger/checkpoints/{treeSize}", Role.AUDITOR, Role.DISCIPLINE);
        roles("GET /api/v1/ledger/proofs/inclusion", Role.AUDITOR, Role.DISCIPLINE);
        roles("GET /api/v1/ledger/proofs/consistency", Role.AUDITOR, Role.DISCIPLINE);
        roles("POST /api/v1/ledger/verify", Role.AUDITOR, Role.DISCIPLINE);
        roles("GET /api/v1/evidence/{kind}/{ref}", Role.DISCIPLINE);
        roles("POST /api/v1/investigations", Role.DISCIPLINE);
        roles("GET /api/v1/investigations/{id}", Role.DISCIPLINE);

        // The log of sensitive reads: the discipline office's, and the operators'.
        roles("GET /api/v1/access-log", Role.DISCIPLINE, Role.ADMIN);

        // Operations.
        roles("GET /api/v1/admin/projections", Role.ADMIN);
        roles("POST /api/v1/admin/projections/{name}/rebuild", Role.ADMIN);
        roles("POST /api/v1/admin/checkpoints", Role.ADMIN);

        // The error page renders a problem for whatever failed before a handler answered.
        open("* /error");

        // The API's description and Swagger UI over it: documentation, for anyone. The last row is
        // the one location files are served from (Swagger UI's scripts, styles and icons); Spring
        // Boot's default file locations (/** and /webjars/**) have no row, so they serve nothing.
        open("GET /openapi.yaml");
        open("GET /swagger-ui");
        open("GET /swagger-ui/");
        open("GET /swagger-ui/index.html");
        open("GET /swagger-ui/**");

        // The auditors' console (served under /console to a browser session, see
        // ConsoleSecurityConfiguration): the sign-in page and the console's own scripts and styles for
        // anyone; each page for exactly whom the API endpoint it shows is for, by the same row, so the
        // console can never show a client more than the API would. The overview shows each of its
        // panels only to a client the panel's endpoint allows (permits).
        signIn("GET /");
        signIn("GET /console/login");
        signIn("GET /console/assets/**");
        roles("GET /console", Role.AUDITOR, Role.DISCIPLINE, Role.ADMIN);
        same("GET /console/balances", "GET /api/v1/balances");
        same("GET /console/balances.csv", "GET /api/v1/balances");
        same("GET /console/accounts/{accountId}/postings", "GET /api/v1/accounts/{accountId}/postings");
        same("GET /console/alerts", "GET /api/v1/alerts");
        same("GET /console/alerts/{alertId}", "GET /api/v1/alerts");
        same("POST /console/alerts/{alertId}/disposition", "POST /api/v1/alerts/{alertId}/disposition");
        roles("GET /console/trace", Role.AUDITOR, Role.DISCIPLINE);
        same("GET /console/trace/{kind}/{ref}", "GET /api/v1/trace/{kind}/{ref}");
        // A person is looked up by a form's body, so that the ID number stays out of the URL (and so
        // out of the browser's history and any proxy's log): the discipline office's, as in the API.
        roles("POST /console/trace/person", Role.DISCIPLINE);
        same("GET /console/targets", "GET /api/v1/targets");
        same("GET /console/history/{streamId}", "GET /api/v1/history/{streamId}");
        same("GET /console/investigations", "POST /api/v1/investigations");
        same("POST /console/investigations", "POST /api/v1/investigations");
        same("GET /console/investigations/{id}", "GET /api/v1/investigations/{id}");
        same("GET /console/integrity", "GET /api/v1/ledger/checkpoints/latest");
        same("POST /console/integrity/verify", "POST /api/v1/ledger/verify");
        same("GET /console/evidence", "GET /api/v1/evidence/{kind}/{ref}");
        same("GET /console/evidence/{kind}/{ref}", "GET /api/v1/evidence/{kind}/{ref}");
        // A person's bundle, by a form's body for the same reason as the person look-up.
        roles("POST /console/evidence/person", Role.DISCIPLINE);
        same("GET /console/operations", "GET /api/v1/admin/projections");
        same("POST /console/operations/{name}/rebuild", "POST /api/v1/admin/projections/{name}/rebuild");
        same("POST /console/checkpoints", "POST /api/v1/admin/checkpoints");

        openEndpoints = rules.entrySet().stream().filter(e -> e.getValue() == OPEN).map(Map.Entry::getKey).toList();
    }

    /**
     * The decision for a request that Spring MVC resolved to a handler.
     *
     * @param method        the handler's declared HTTP method ({@code *} when it declares none)
     * @param pattern       the path pattern the handler is mapped to
     * @param pathVariables the decoded path variables
     * @param client        the authenticated client, empty for an anonymous request
     */
    public Decision decide(String method, String pattern, Map<String, String> pathVariables,
                           Optional<LedgerClient> client) {
        Rule rule = rules.get(method + " " + pattern);
        if (rule == null) {
            return new Decision(Verdict.NO_RULE, ROLE_REFUSED);
        }
        if (rule == OPEN || rule == SIGN_IN) {
            return Decision.ALLOWED;
        }
        if (client.isEmpty()) {
            return new Decision(Verdict.UNAUTHENTICATED, null);
        }
        return rule.decide(client.get(), pathVariables == null ? Map.of() : pathVariables);
    }

    /**
     * Whether the client may use an endpoint with these path variables: the console asks it before it
     * shows a panel drawn from that endpoint's data, so a panel appears exactly for those whom the
     * endpoint serves.
     *
     * @param endpoint {@code METHOD /pattern}, as in {@link #endpoints()}
     */
    public boolean permits(String endpoint, Map<String, String> pathVariables, LedgerClient client) {
        String[] methodAndPattern = endpoint.split(" ", 2);
        return decide(methodAndPattern[0], methodAndPattern[1], pathVariables, Optional.of(client)).allowed();
    }

    /** The endpoints anyone may call, as {@code METHOD /path}: the security filter lets them pass. */
    public List<String> openEndpoints() {
        return openEndpoints;
    }

    /** Every endpoint with a row, as {@code METHOD /pattern}. */
    public Set<String> endpoints() {
        return Collections.unmodifiableSet(rules.keySet());
    }

    // ---- rows

    private static final Rule OPEN = (client, variables) -> Decision.ALLOWED;

    /**
     * Open like {@link #OPEN}, but served by the console's filter chain, which keeps a session (the
     * sign-in form needs its CSRF token); so these are not among {@link #openEndpoints()}.
     */
    private static final Rule SIGN_IN = (client, variables) -> Decision.ALLOWED;

    private void open(String endpoint) {
        put(endpoint, OPEN);
    }

    private void signIn(String endpoint) {
        put(endpoint, SIGN_IN);
    }

    /** A console page under the rule of the API endpoint whose data it shows. */
    private void same(String endpoint, String apiEndpoint) {
        Rule rule = rules.get(apiEndpoint);
        if (rule == null) {
            throw new IllegalStateException("no access rule for " + apiEndpoint + " to give " + endpoint);
        }
        put(endpoint, rule);
    }

    private void roles(String endpoint, Role first, Role... rest) {
        Set<Role> roles = EnumSet.of(first, rest);
        put(endpoint, (client, variables) -> byRole(client, roles));
    }

    private void rule(String endpoint, Rule rule) {
        put(endpoint, rule);
    }

    private void put(String endpoint, Rule rule) {
        if (rules.putIfAbsent(endpoint, rule) != null) {
            throw new IllegalStateException("two access rules for " + endpoint);
        }
    }

    private static Decision byRole(LedgerClient client, Set<Role> roles) {
        return byRole(client, roles, ROLE_REFUSED);
    }

    private static Decision byRole(LedgerClient client, Set<Role> roles, String reason) {
        return roles.contains(client.role()) ? Decision.ALLOWED : Decision.forbidden(reason);
    }

    private static Decision own(boolean owner, String reason) {
        return owner ? Decision.ALLOWED : Decision.forbidden(reason);
    }

    /** Parsed exactly as the trace and evidence endpoints parse it. */
    private static boolean isPerson(String kind) {
        return TraceKind.fromWord(kind).filter(TraceKind.PERSON::equals).isPresent();
    }
}
