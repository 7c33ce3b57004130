package cn.huanxin.ledger.api.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Sweeps every endpoint of the OpenAPI description, as every kind of caller (none, a wrong password,
 * each demo client), over the canonical path and its variants (upper and mixed case, {@code %2F} and
 * {@code %2f}, trailing and double slashes, {@code ;} parameters, {@code ..}), and compares each
 * status with the role table of docs/api.md, transcribed here independently of the ledger's own policy. A
 * refused caller gets 401 or 403 on the canonical path, and on a variant at most a refusal (400 for a
 * URL the firewall rejects, 401, 403, 404, 405) — never an answer and never the endpoint's own
 * validation, which would tell it whether an ID number is valid. No response and no log line ever
 * carries the raw ID numbers asked for. An endpoint in the OpenAPI description without a row here
 * fails the sweep.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        // The sweep sends a wrong password thousands of times from one address; the throttle that
        // would rightly answer 429 is tested on its own (LoginThrottleEndToEndTest).
        "ledger.security.login-throttle.max-failures-per-client=1000000",
        "ledger.security.login-throttle.max-failures-per-address=1000000"})
@ActiveProfiles("e2e")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
@ExtendWith(OutputCaptureExtension.class)
class EndpointAccessSweepTest {

    static final Path DATA_DIR = TestDatabases.newDataDirectory("ledger-sweep-");

    @DynamicPropertySource
    static void dataDirectory(DynamicPropertyRegistry registry) {
        TestDatabases.registerH2(registry, DATA_DIR);
    }

    /** The callers: no credentials, a wrong password, and each demo client. */
    enum Caller {
        NONE(null, null), WRONG_PASSWORD("auditor", "not-the-password"), PLATFORM("platform", "platform-demo"),
        IMPORTER("importer", "importer-demo"), AUDITOR("auditor", "auditor-demo"),
        DISCIPLINE("discipline", "discipline-demo"), ADMIN("admin", "admin-demo");

        final String name;
        final String password;

        Caller(String name, String password) {
            this.name = name;
            this.password = password;
        }

        boolean anonymous() {
            return name == null || this == WRONG_PASSWORD;
        }
    }

    static final Set<Caller> EVERYONE = EnumSet.allOf(Caller.class);
    static final Set<Caller> SOURCES = EnumSet.of(Caller.PLATFORM, Caller.IMPORTER);
    static final Set<Caller> READERS = EnumSet.of(Caller.AUDITOR, Caller.DISCIPLINE);
    static final Set<Caller> DISCIPLINE_ONLY = EnumSet.of(Caller.DISCIPLINE);
    static final Set<Caller> ADMIN_ONLY = EnumSet.of(Caller.ADMIN);
    static final List<String> TRACE_KINDS = List.of("subsidy", "vehicle", "appliance", "invoice", "enterprise", "fund",
            "SUBSIDY", "Fund");
    static final List<String> PERSON_KINDS = List.of("person", "PERSON", "Person", "pErSoN");

    /** One concrete request and who may make it. */
    record Probe(String method, String path, String body, Set<Caller> allowed) {
        Probe withPath(String other) {
            return new Probe(method, other, body, allowed);
        }
    }

    @LocalServerPort
    int port;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ObjectMapper json = new ObjectMapper();
    private final String idNumber = ValidIds.idNumber();
    private final String badIdNumber = ValidIds.badIdNumber(idNumber);
    private final String run = ValidIds.token();
    private final String fundStream = "fund:SWEEP-" + run;

    @BeforeAll
    void postAStreamOfPlatforms() throws Exception {
        String envelope = """
                {"eventId":"SWEEP-%s","type":"FundOpened","occurredAt":"2024-07-26T10:00:00+08:00",
                 "payload":{"fundId":"SWEEP-%s","name":"sweep","year":2024,"scheme":"CONSUMER_TRADE_IN",
                 "source":"CENTRAL_BOND","regionCode":"320800","documentNo":"D-1"}}""".formatted(run, run);
        assertThat(send(Caller.PLATFORM, "POST", "/api/v1/events", envelope).statusCode()).isEqualTo(201);
    }

    /**
     * The role table of docs/api.md as concrete probes per endpoint of the OpenAPI description. Path
     * variables that change the answer (a trace's kind, a receipt's source, a history's stream) get
     * a probe for each case the table distinguishes.
     */
    private Map<String, Function<String, List<Probe>>> contractTable() {
        Map<String, Function<String, List<Probe>>> table = new LinkedHashMap<>();
        table.put("POST /api/v1/events", p -> List.of(post(p, "{}", SOURCES)));
        table.put("POST /api/v1/events/batch", p -> List.of(post(p, "[]", SOURCES)));
        table.put("GET /api/v1/events/{source}/{eventId}", p -> List.of(
                get("/api/v1/events/platform/SWEEP-" + run, EnumSet.of(Caller.PLATFORM, Caller.AUDITOR, Caller.DISCIPLINE)),
                get("/api/v1/events/importer/NO-SUCH", EnumSet.of(Caller.IMPORTER, Caller.AUDITOR, Caller.DISCIPLINE))));
        table.put("GET /api/v1/history/{streamId}", p -> List.of(
                get("/api/v1/history/" + fundStream, EnumSet.of(Caller.PLATFORM, Caller.AUDITOR, Caller.DISCIPLINE)),
                get("/api/v1/history/fund:NO-SUCH-" + run, READERS)));
        table.put("GET /api/v1/balances", p -> List.of(get(p + "?fundId=SWEEP-" + run, READERS)));
        table.put("GET /api/v1/balances/trial", p -> List.of(get(p, READERS)));
        table.put("GET /api/v1/accounts/{accountId}/postings", p -> List.of(get("/api/v1/accounts/NO-SUCH/postings", READERS)));
        table.put("GET /api/v1/trace/{kind}/{ref}", p -> subjects("/api/v1/trace/", READERS));
        table.put("GET /api/v1/targets", p -> List.of(get(p + "?year=2024", READERS)));
        table.put("GET /api/v1/alerts", p -> List.of(get(p, READERS)));
        table.put("POST /api/v1/alerts/{alertId}/disposition", p -> List.of(
                post("/api/v1/alerts/NO-SUCH/disposition", "{}", READERS)));
        table.put("GET /api/v1/rules", p -> List.of(get(p, READERS)));
        table.put("GET /api/v1/admin/projections", p -> List.of(get(p, ADMIN_ONLY)));
        table.put("POST /api/v1/admin/projections/{name}/rebuild", p -> List.of(
                post("/api/v1/admin/projections/no-such-view/rebuild", "", ADMIN_ONLY)));
        table.put("POST /api/v1/admin/checkpoints", p -> List.of(post(p, "", ADMIN_ONLY)));
        table.put("GET /api/v1/ledger/public-key", p -> List.of(get(p, EVERYONE)));
        table.put("GET /api/v1/ledger/public-keys", p -> List.of(get(p, EVERYONE)));
        table.put("GET /api/v1/ledger/checkpoints/latest", p -> List.of(get(p, READERS)));
        table.put("GET /api/v1/ledger/checkpoints/{treeSize}", p -> List.of(get("/api/v1/ledger/checkpoints/1", READERS)));
        table.put("GET /api/v1/ledger/proofs/inclusion", p -> List.of(get(p + "?ledgerEventId=no-such&treeSize=1", READERS)));
        table.put("GET /api/v1/ledger/proofs/consistency", p -> List.of(get(p + "?from=1&to=2", READERS)));
        table.put("POST /api/v1/ledger/verify", p -> List.of(post(p, "", READERS)));
        table.put("GET /api/v1/evidence/{kind}/{ref}", p -> subjects("/api/v1/evidence/", DISCIPLINE_ONLY));
        table.put("POST /api/v1/investigations", p -> List.of(post(p, "{}", DISCIPLINE_ONLY)));
        table.put("GET /api/v1/access-log", p -> List.of(get(p + "?kind=person", EnumSet.of(Caller.DISCIPLINE, Caller.ADMIN))));
        table.put("GET /api/v1/investigations/{id}", p -> List.of(get("/api/v1/investigations/no-such", DISCIPLINE_ONLY)));
        return table;
    }

    /** A trace or evidence subject of every kind; a person (by ID number) is the discipline office's only. */
    private List<Probe> subjects(String prefix, Set<Caller> others) {
        List<Probe> probes = new ArrayList<>();
        TRACE_KINDS.forEach(kind -> probes.add(get(prefix + kind + "/NO-SUCH-" + run, others)));
        for (String kind : PERSON_KINDS) {
            probes.add(get(prefix + kind + "/" + idNumber, DISCIPLINE_ONLY));
            probes.add(get(prefix + kind + "/" + badIdNumber, DISCIPLINE_ONLY));
        }
        return probes;
    }

    @Test
    void everyEndpointAnswersEachCallerAsTheContractSaysWhateverThePathsSpelling(CapturedOutput output) throws Exception {
        Map<String, Function<String, List<Probe>>> table = contractTable();
        List<String> endpoints = documentedEndpoints();
        assertThat(endpoints).hasSizeGreaterThanOrEqualTo(26);
        List<String> failures = java.util.Collections.synchronizedList(new ArrayList<>());
        List<java.util.concurrent.Callable<Void>> requests = new ArrayList<>();
        for (String endpoint : endpoints) {
            Function<String, List<Probe>> row = table.get(endpoint);
            if (row == null) {
                failures.add(endpoint + ": documented but has no row in the sweep's role table");
                continue;
            }
            for (Probe probe : row.apply(endpoint.split(" ", 2)[1])) {
                for (Caller caller : Caller.values()) {
                    requests.add(() -> {
                        check(probe, caller, send(caller, probe.method(), probe.path(), probe.body()), true, failures);
                        return null;
                    });
                    for (String variant : variants(probe.path())) {
                        requests.add(() -> {
                            check(probe.withPath(variant), caller, send(caller, probe.method(), variant, probe.body()),
                                    false, failures);
                            return null;
                        });
                    }
                }
            }
        }
        // A few requests at a time: the sweep is thousands of requests, and each is independent.
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            for (java.util.concurrent.Future<Void> done : pool.invokeAll(requests)) {
                done.get();
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(requests).hasSizeGreaterThan(2000);
        assertThat(failures).as("refusals that differ from the contract's role table (%d of %d requests)",
                failures.size(), requests.size()).isEmpty();
        assertThat(output.getAll()).as("the log").doesNotContain(idNumber).doesNotContain(badIdNumber);
    }

    /** The API's description and Swagger UI: documentation, which every caller may read. */
    static final List<String> PUBLIC_DOCUMENTATION = List.of("/openapi.yaml", "/swagger-ui", "/swagger-ui/",
            "/swagger-ui/index.html", "/swagger-ui/swagger-initializer.js", "/swagger-ui/swagger-ui-bundle.js",
            "/swagger-ui/swagger-ui.css", "/swagger-ui/favicon-32x32.png");

    /**
     * Paths that need credentials (or that nobody may read), each with the callers allowed it: the
     * targets that a spelling starting like a public path might try to reach.
     */
    private Map<String, Set<Caller>> guarded() throws Exception {
        Map<String, Set<Caller>> guarded = new LinkedHashMap<>();
        guarded.put("api/v1/balances?fundId=SWEEP-" + run, READERS);
        guarded.put("api/v1/trace/person/" + idNumber, DISCIPLINE_ONLY);
        guarded.put("api/v1/access-log", EnumSet.of(Caller.DISCIPLINE, Caller.ADMIN));
        guarded.put("api/v1/admin/projections", ADMIN_ONLY);
        guarded.put("actuator/env", ADMIN_ONLY);
        guarded.put("actuator/prometheus", ADMIN_ONLY);
        for (String file : List.of("application.yml", "application-default.yml", "application-e2e.yml",
                "config/policy.yml", "static/openapi.yaml", "swagger-ui/index.html",
                "META-INF/maven/org.webjars/swagger-ui/pom.xml",
                "META-INF/resources/webjars/swagger-ui/" + swaggerUiVersion() + "/swagger-initializer.js",
                "webjars/swagger-ui/" + swaggerUiVersion() + "/index.html",
                "cn/huanxin/ledger/api/LedgerApplication.class")) {
            guarded.put(file, EnumSet.noneOf(Caller.class));
        }
        return guarded;
    }

    /**
     * The public documentation answers every caller, whatever credentials come along. Nothing else is
     * public through it: no spelling that starts like a public path ({@code ..} plain, encoded or with
     * a {@code ;} parameter, an encoded slash or backslash, another letter case) reaches an endpoint
     * or a file that the caller may not read, and no class-path file but Swagger UI's own is served.
     */
    @Test
    void thePublicDocumentationAnswersEveryoneAndNoSpellingOfItReachesFurther() throws Exception {
        List<String> failures = new ArrayList<>();
        for (String path : PUBLIC_DOCUMENTATION) {
            for (Caller caller : Caller.values()) {
                int status = send(caller, "GET", path, null).statusCode();
                if (status != 200 && status != 302) {
                    failures.add("GET " + path + " as " + caller + " → " + status + ": public documentation");
                }
            }
        }
        List<String> prefixes = List.of("/swagger-ui/../", "/swagger-ui/%2e%2e/", "/swagger-ui/%2E%2E/",
                "/swagger-ui/.%2e/", "/swagger-ui/..;/", "/swagger-ui/;x=1/../", "/swagger-ui/..%2F",
                "/swagger-ui/..%2f", "/swagger-ui/..%5C", "/swagger-ui%2F..%2F", "/swagger-ui/%2F", "/swagger-ui//",
                "/swagger-ui/x/../../", "/swagger-ui/", "/swagger-ui/./", "/openapi.yaml/../", "/openapi.yaml/",
                "/swagger-ui/index.html/../../", "/SWAGGER-UI/../", "/Swagger-UI/", "/swagger-ui/file:/",
                "/swagger-ui/classpath:");
        for (Map.Entry<String, Set<Caller>> target : guarded().entrySet()) {
            for (String prefix : prefixes) {
                String path = prefix + target.getKey();
                for (Caller caller : Caller.values()) {
                    if (target.getValue().contains(caller)) {
                        continue;
                    }
                    HttpResponse<String> response = send(caller, "GET", path, null);
                    int status = response.statusCode();
                    if (status < 300 || status >= 500) {
                        failures.add("GET " + path + " as " + caller + " → " + status + ": reached past a rule");
                    }
                    if (response.body().contains("password-hash") || response.body().contains("PRIVATE KEY")) {
                        failures.add("GET " + path + " as " + caller + " → " + status + ": served a private file");
                    }
                }
            }
        }
        for (String spelling : List.of("/OPENAPI.YAML", "/OpenApi.yaml", "/openapi.YAML", "/SWAGGER-UI",
                "/Swagger-UI/index.html", "/swagger-ui/INDEX.HTML", "/swagger-ui/Swagger-UI-Bundle.js")) {
            for (Caller caller : Caller.values()) {
                // Outside the open locations an anonymous caller is asked to log in; inside Swagger UI's
                // location (open to all) a file name in another case names no file.
                int status = send(caller, "GET", spelling, null).statusCode();
                if (status != 404 && !(caller.anonymous() && status == 401)) {
                    failures.add("GET " + spelling + " as " + caller + " → " + status
                            + ": the public paths are spelt one way only");
                }
            }
        }
        assertThat(failures).isEmpty();
    }

    /** The Swagger UI WebJar's version, as the ledger reads it. */
    private static String swaggerUiVersion() throws Exception {
        try (InputStream in = EndpointAccessSweepTest.class.getClassLoader()
                .getResourceAsStream("META-INF/maven/org.webjars/swagger-ui/pom.properties")) {
            java.util.Properties properties = new java.util.Properties();
            properties.load(in);
            return properties.getProperty("version");
        }
    }

    private void check(Probe probe, Caller caller, HttpResponse<String> response, boolean canonical,
                       List<String> failures) {
        int status = response.statusCode();
        String where = probe.method() + " " + probe.path() + " as " + caller + " → " + status;
        String everything = response.body() + response.headers().map();
        if (everything.contains(idNumber) || everything.contains(badIdNumber)) {
            failures.add(where + ": the response carries the raw ID number: " + everything);
        }
        if (status >= 500) {
            failures.add(where + ": a server error");
            return;
        }
        boolean allowed = probe.allowed().contains(caller);
        if (canonical) {
            if (allowed && (status == 401 || status == 403)) {
                failures.add(where + ": the contract allows this caller");
            } else if (!allowed && caller.anonymous() && status != 401) {
                failures.add(where + ": expected 401");
            } else if (!allowed && !caller.anonymous() && status != 403) {
                failures.add(where + ": expected 403");
            }
            return;
        }
        if (allowed) {
            return;
        }
        if (!Set.of(400, 401, 403, 404, 405).contains(status)) {
            failures.add(where + ": a variant of a refused request answered");
        } else if (status == 400 && judged(response)) {
            failures.add(where + ": the endpoint judged the request of a caller it refuses: " + response.body());
        } else if (caller.anonymous() && (status == 403 || status == 405)) {
            failures.add(where + ": an unauthenticated caller reached the endpoint");
        }
    }

    /** Spellings of the same path that a client might try to walk past a rule that matches text. */
    static List<String> variants(String path) {
        String query = "";
        int question = path.indexOf('?');
        if (question >= 0) {
            query = path.substring(question);
            path = path.substring(0, question);
        }
        int last = path.lastIndexOf('/');
        String head = path.substring(0, last);
        String tail = path.substring(last + 1);
        List<String> variants = new ArrayList<>();
        variants.add(path.toUpperCase(Locale.ROOT));
        variants.add(capitalised(path));
        variants.add(head + "%2F" + tail);
        variants.add(head + "%2f" + tail);
        variants.add(path + "/");
        variants.add(path.replaceFirst("/api/v1/", "/api/v1//"));
        variants.add("/" + path);
        variants.add(path.replaceFirst("/api/v1/", "/api/v1;x=1/"));
        variants.add(path + ";jsessionid=1");
        variants.add(head + "/x/../" + tail);
        variants.add("/api/v1/balances/../" + path.substring("/api/v1/".length()));
        variants.add(head + "/x/%2e%2e/" + tail);
        String parameters = query;
        return variants.stream().map(v -> v + parameters).toList();
    }

    private static String capitalised(String path) {
        return java.util.Arrays.stream(path.split("/", -1))
                .map(segment -> segment.isEmpty() ? segment
                        : Character.toUpperCase(segment.charAt(0)) + segment.substring(1))
                .collect(Collectors.joining("/"));
    }

    /**
     * Whether a 400 came from the endpoint's own validation. Refusals of the URL itself come from
     * Tomcat (an encoded slash, answered with its own page before any servlet runs) or from the
     * request firewall (answered by the ledger's error page as {@code malformed-request}).
     */
    private boolean judged(HttpResponse<String> response) {
        String type = problemType(response);
        return type != null && !"urn:huanxin-ledger:problem:malformed-request".equals(type);
    }

    private String problemType(HttpResponse<String> response) {
        try {
            JsonNode body = json.readTree(response.body());
            return body == null || body.get("type") == null ? null : body.get("type").textValue();
        } catch (Exception e) {
            return null;
        }
    }

    private HttpResponse<String> send(Caller caller, String method, String path, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .timeout(Duration.ofSeconds(30))
                .method(method, body == null || body.isEmpty() ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (body != null && !body.isEmpty()) {
            request.header("Content-Type", "application/json");
        }
        if (caller.name != null) {
            request.header("Authorization", "Basic " + Base64.getEncoder()
                    .encodeToString((caller.name + ":" + caller.password).getBytes(StandardCharsets.UTF_8)));
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static Probe get(String path, Set<Caller> allowed) {
        return new Probe("GET", path, null, allowed);
    }

    private static Probe post(String path, String body, Set<Caller> allowed) {
        return new Probe("POST", path, body, allowed);
    }

    /** Every {@code METHOD /path} of the served OpenAPI description. */
    @SuppressWarnings("unchecked")
    private static List<String> documentedEndpoints() throws Exception {
        try (InputStream in = EndpointAccessSweepTest.class.getClassLoader().getResourceAsStream("static/openapi.yaml")) {
            Map<String, Object> document = new Yaml(new SafeConstructor(new LoaderOptions())).load(in);
            List<String> endpoints = new ArrayList<>();
            ((Map<String, Object>) document.get("paths")).forEach((path, item) ->
                    ((Map<String, Object>) item).keySet().stream()
                            .filter(key -> List.of("get", "post", "put", "delete", "patch").contains(key))
                            .forEach(method -> endpoints.add(method.toUpperCase(Locale.ROOT) + " " + path)));
            return endpoints;
        }
    }
}
