package cn.huanxin.ledger.api.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Keeps {@code docker/} honest on a machine without a container engine. It reads the compose file,
 * the Dockerfile, Prometheus' and Grafana's files and checks what can be checked without running
 * them: every image pinned to an exact version, a non-root user, the jar's layers, a health check,
 * no secret in the image, every mounted file present, Prometheus scraping both nodes where they
 * serve metrics. Then it runs what the compose file would run: {@code generate-secrets.sh} writes
 * the secrets, and the packaged jar starts with the Dockerfile's entry point and exactly the
 * environment the compose file gives {@code ledger-1} — translated only where a container differs
 * from this machine: each secret file's container path becomes a file in a temporary directory, the
 * data volume a temporary directory, the database host an embedded PostgreSQL started here, and the
 * two ports free ones. It waits until the image's own health check script says the node is ready,
 * posts a few events, and checks that every metric the Grafana dashboard queries is in the scrape.
 */
@Timeout(value = 420, unit = TimeUnit.SECONDS)
class DockerComposeIT {

    private static final Path DOCKER = locate();
    private static final Pattern PINNED_TAG = Pattern.compile("v?\\d+\\.\\d+(\\.\\d+)?([._-][A-Za-z0-9._-]+)?");
    private static final String LEDGER_SERVICE = "ledger-1";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(300);

    private static EmbeddedPostgres postgres;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    Path work;

    @BeforeAll
    static void startDatabase() throws IOException {
        postgres = EmbeddedPostgres.builder().start();
    }

    @AfterAll
    static void stopDatabase() throws IOException {
        if (postgres != null) {
            postgres.close();
        }
    }

    @Test
    void everyImageIsPinnedAndTheImageRunsAsNoRootWithLayersAndAHealthCheck() throws IOException {
        Map<String, Object> compose = compose();
        for (Map.Entry<String, Object> service : map(compose.get("services")).entrySet()) {
            Object image = map(service.getValue()).get("image");
            assertThat(image).as("service %s names its image", service.getKey()).isInstanceOf(String.class);
            assertPinned((String) image);
        }

        List<String> instructions = dockerfileInstructions();
        List<String> froms = instructions.stream().filter(line -> line.startsWith("FROM ")).toList();
        assertThat(froms).isNotEmpty();
        froms.forEach(from -> assertPinned(from.split("\\s+")[1]));
        assertThat(froms.get(froms.size() - 1)).startsWith("FROM eclipse-temurin:17.").contains("-jre");

        List<String> finalStage = instructions.subList(instructions.lastIndexOf(froms.get(froms.size() - 1)),
                instructions.size());
        List<String> users = finalStage.stream().filter(line -> line.startsWith("USER ")).toList();
        assertThat(users).as("the final stage sets a user").isNotEmpty();
        String user = users.get(users.size() - 1).substring("USER ".length()).split(":")[0].strip();
        assertThat(user).isNotIn("root", "0");
        assertThat(finalStage).anySatisfy(line -> assertThat(line).startsWith("HEALTHCHECK ").contains(" CMD "));
        assertThat(instructions).anySatisfy(line -> assertThat(line).startsWith("RUN ")
                .contains("-Djarmode=tools").contains("extract --layers"));
        assertThat(finalStage.stream().filter(line -> line.startsWith("COPY --from=")).count())
                .as("one image layer per jar layer").isEqualTo(4);
        for (String line : instructions) {
            if (line.startsWith("ENV ") || line.startsWith("ARG ")) {
                assertThat(line.toUpperCase()).as("no secret baked into the image")
                        .doesNotContain("PASSWORD", "SECRET", "TOKEN", "PSEUDONYM", "KEY");
            }
            if (line.startsWith("COPY ") || line.startsWith("ADD ")) {
                assertThat(line).doesNotContain("secrets");
            }
        }
        assertThat(Files.readString(DOCKER.resolve("Dockerfile.dockerignore")))
                .as("the build context holds the jar and the health check only").startsWith("# ")
                .contains("\n*\n", "!ledger-api/target/ledger-api.jar", "!docker/healthcheck.sh");
    }

    @Test
    void everyMountedFileExistsAndPrometheusScrapesBothNodesWhereTheyServeMetrics() throws IOException {
        Map<String, Object> services = map(compose().get("services"));
        for (Map.Entry<String, Object> service : services.entrySet()) {
            for (Object volume : list(map(service.getValue()).get("volumes"))) {
                String source = volume.toString().split(":")[0];
                if (source.startsWith(".")) {
                    assertThat(DOCKER.resolve(source)).as("%s mounts %s", service.getKey(), source).exists();
                }
            }
        }

        Set<String> ledgerTargets = new TreeSet<>();
        for (String name : List.of("ledger-1", "ledger-2")) {
            Map<String, Object> ledger = map(services.get(name));
            assertThat(ledger.get("image")).isEqualTo(map(services.get(LEDGER_SERVICE)).get("image"));
            Map<String, String> environment = environment(ledger);
            assertThat(environment).containsKeys("MANAGEMENT_SERVER_PORT", "MANAGEMENT_SERVER_ADDRESS");
            assertThat(list(ledger.get("ports"))).as("the management port is not published")
                    .noneMatch(port -> port.toString().endsWith(":" + environment.get("MANAGEMENT_SERVER_PORT")));
            ledgerTargets.add(name + ":" + environment.get("MANAGEMENT_SERVER_PORT"));
        }
        assertThat(map(services.get("ledger-1")).get("hostname"))
                .isNotEqualTo(map(services.get("ledger-2")).get("hostname"));

        Map<String, Object> prometheus = yaml(DOCKER.resolve("prometheus/prometheus.yml"));
        Set<String> scraped = new TreeSet<>();
        for (Object job : list(prometheus.get("scrape_configs"))) {
            assertThat(map(job).get("metrics_path")).isEqualTo("/actuator/prometheus");
            for (Object config : list(map(job).get("static_configs"))) {
                list(map(config).get("targets")).forEach(target -> scraped.add(target.toString()));
            }
        }
        assertThat(scraped).isEqualTo(ledgerTargets);

        Map<String, Object> datasources = yaml(DOCKER.resolve("grafana/provisioning/datasources/prometheus.yaml"));
        Map<String, Object> datasource = map(list(datasources.get("datasources")).get(0));
        assertThat(datasource.get("url")).isEqualTo("http://prometheus:9090");
        Map<String, Object> provider = map(list(yaml(DOCKER.resolve(
                "grafana/provisioning/dashboards/huanxin-ledger.yaml")).get("providers")).get(0));
        String dashboardsPath = map(provider.get("options")).get("path").toString();
        assertThat(list(map(services.get("grafana")).get("volumes")).stream().map(Object::toString))
                .contains("./grafana/dashboards:" + dashboardsPath + ":ro");
        JsonNode dashboard = dashboard();
        for (JsonNode panel : dashboard.get("panels")) {
            assertThat(panel.at("/datasource/uid").asText()).as(panel.get("title").asText())
                    .isEqualTo(datasource.get("uid"));
        }
    }

    @Test
    void theLedgerStartsAsComposeStartsItAndServesEveryMetricOfTheDashboard() throws Exception {
        Map<String, Object> compose = compose();
        Map<String, Object> services = map(compose.get("services"));
        Map<String, Object> ledger = map(services.get(LEDGER_SERVICE));

        // The secrets of a first start, written by the script an operator runs.
        Path secrets = work.resolve("secrets");
        // The script hashes the passwords with the packaged jar, on this JVM.
        Map<String, String> script = Map.of("LEDGER_SECRETS_DIR", secrets.toString(),
                "LEDGER_JAR", PackagedJar.find().toString(),
                "PATH", Path.of(System.getProperty("java.home"), "bin") + ":" + System.getenv("PATH"));
        Run generated = run(work, script, "bash", DOCKER.resolve("generate-secrets.sh").toString());
        assertThat(generated.exitCode()).as("generate-secrets.sh: %s", generated).isZero();
        String pseudonymKey = Files.readString(secrets.resolve("ledger.pseudonym.key"));
        Run again = run(work, script, "bash", DOCKER.resolve("generate-secrets.sh").toString());
        assertThat(again.exitCode()).as("a second run changes nothing: %s", again).isEqualTo(1);
        assertThat(Files.readString(secrets.resolve("ledger.pseudonym.key"))).isEqualTo(pseudonymKey);

        // Each secret where the container would see it: compose's file for the secret, at the target path.
        Path container = work.resolve("container");
        Map<String, Object> declared = map(compose.get("secrets"));
        for (Object entry : list(ledger.get("secrets"))) {
            String source = map(entry).get("source").toString();
            String target = map(entry).get("target").toString();
            String file = map(declared.get(source)).get("file").toString();
            assertThat(file).startsWith("./secrets/");
            Path copy = container.resolve(target.substring(1));
            Files.createDirectories(copy.getParent());
            Files.copy(secrets.resolve(file.substring("./secrets/".length())), copy);
        }
        for (Object secret : declared.values()) {
            String file = map(secret).get("file").toString();
            assertThat(secrets.resolve(file.substring("./secrets/".length())))
                    .as("generate-secrets.sh writes %s", file).exists();
        }

        // The database compose creates, on the embedded PostgreSQL, with the generated password.
        Map<String, String> database = environment(map(services.get("postgres")));
        String user = database.get("POSTGRES_USER");
        String password = Files.readString(secrets.resolve("db-password"));
        try (Connection connection = postgres.getPostgresDatabase().getConnection();
             Statement statement = connection.createStatement()) {
            statement.execute("CREATE ROLE " + user + " LOGIN PASSWORD '" + password + "'");
            statement.execute("CREATE DATABASE " + database.get("POSTGRES_DB") + " OWNER " + user);
        }

        Map<String, String> environment = new LinkedHashMap<>();
        Path dataVolume = Files.createDirectories(work.resolve("volume"));
        String volumeTarget = list(ledger.get("volumes")).get(0).toString().split(":")[1];
        environment(ledger).forEach((name, value) -> environment.put(name, value
                .replace("/run/secrets/", container.resolve("run/secrets") + "/")
                .replace(volumeTarget, dataVolume.toString())
                .replace("//postgres:5432/", "//localhost:" + postgres.getPort() + "/")));
        assertThat(environment.get("SPRING_DATASOURCE_URL")).contains("localhost:" + postgres.getPort());
        int apiPort = freePort();
        int managementPort = freePort();
        environment.put("SERVER_PORT", Integer.toString(apiPort));
        environment.put("MANAGEMENT_SERVER_PORT", Integer.toString(managementPort));

        List<String> command = new ArrayList<>();
        for (String word : entrypoint()) {
            command.add(switch (word) {
                case "java" -> Path.of(System.getProperty("java.home"), "bin", "java").toString();
                case "ledger-api.jar" -> PackagedJar.find().toString();
                default -> word;
            });
        }
        list(ledger.get("command")).forEach(word -> command.add(word.toString()));

        Path log = work.resolve("ledger.log");
        ProcessBuilder builder = new ProcessBuilder(command).directory(Files.createDirectories(work.resolve("app")).toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        keepOnly(builder.environment());
        builder.environment().putAll(environment);
        Process process = builder.start();
        try {
            awaitHealthy(process, environment, log);

            String platformPassword = clientPassword(secrets, "platform");
            List<String> order = Files.readAllLines(examples().resolve("order.txt")).stream()
                    .filter(line -> !line.isBlank()).toList();
            for (String type : order.subList(0, 8)) {
                HttpResponse<String> posted = post(apiPort, "platform:" + platformPassword,
                        Files.readString(examples().resolve(type + ".json")));
                assertThat(posted.statusCode()).as("%s: %s", type, posted.body()).isEqualTo(201);
            }
            assertThat(post(apiPort, null, "{}").statusCode()).as("a refusal, for its counter").isEqualTo(401);
            assertThat(post(apiPort, "platform:wrong-password", "{}").statusCode()).isEqualTo(401);

            HttpResponse<String> scrape = http.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + managementPort + "/actuator/prometheus"))
                    .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(scrape.statusCode()).as("scraped without credentials").isEqualTo(200);
            Set<String> served = new TreeSet<>();
            Matcher series = Pattern.compile("(?m)^([a-zA-Z_:][a-zA-Z0-9_:]*)[{ ]").matcher(scrape.body());
            while (series.find()) {
                served.add(series.group(1));
            }
            Set<String> queried = dashboardMetrics();
            assertThat(queried).as("the dashboard queries metrics").hasSizeGreaterThan(20)
                    .contains("ledger_view_lag_seconds", "ledger_refusals_total", "hikaricp_connections_active");
            assertThat(served).as("metrics the dashboard queries").containsAll(queried);
        } finally {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }

    /** Waits for the image's health check script to pass, run as the container would run it. */
    private void awaitHealthy(Process process, Map<String, String> environment, Path log) throws Exception {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (true) {
            if (!process.isAlive()) {
                fail("the ledger exited with " + process.exitValue() + ":\n" + tail(log));
            }
            Run check = run(work, environment, "bash", DOCKER.resolve("healthcheck.sh").toString());
            if (check.exitCode() == 0) {
                return;
            }
            if (System.nanoTime() > deadline) {
                fail("the health check did not pass within " + START_TIMEOUT + ": " + check + "\n" + tail(log));
            }
            Thread.sleep(1000);
        }
    }

    /** Every metric name in the dashboard's queries. */
    static Set<String> dashboardMetrics() throws IOException {
        Set<String> names = new LinkedHashSet<>();
        for (JsonNode panel : dashboard().get("panels")) {
            for (JsonNode target : panel.path("targets")) {
                names.addAll(metricNames(target.get("expr").asText()));
            }
        }
        return names;
    }

    private static final Set<String> PROMQL_WORDS = Set.of("by", "without", "on", "ignoring", "group_left",
            "group_right", "bool", "and", "or", "unless", "offset");

    /** The metric names of a PromQL expression: identifiers that are neither functions, keywords nor labels. */
    static Set<String> metricNames(String expression) {
        String bare = expression.replaceAll("\"[^\"]*\"", "")
                .replaceAll("\\{[^}]*}", " ")
                .replaceAll("\\[[^]]*]", " ")
                .replaceAll("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)", " ");
        Set<String> names = new LinkedHashSet<>();
        Matcher identifier = Pattern.compile("\\b([a-zA-Z_:][a-zA-Z0-9_:]*)\\b(\\s*\\()?").matcher(bare);
        while (identifier.find()) {
            if (identifier.group(2) == null && !PROMQL_WORDS.contains(identifier.group(1))) {
                names.add(identifier.group(1));
            }
        }
        return names;
    }

    @Test
    void metricNamesAreReadFromPromQl() {
        assertThat(metricNames("histogram_quantile(0.5, sum by (le) (rate(ledger_ingest_batch_events_bucket[5m])))"))
                .containsExactly("ledger_ingest_batch_events_bucket");
        assertThat(metricNames("sum by (instance) (jvm_memory_used_bytes{area=\"heap\"}) / on (instance) up"))
                .containsExactly("jvm_memory_used_bytes", "up");
    }

    private static void assertPinned(String image) {
        assertThat(image).as("image %s has no digest-only or untagged form", image).contains(":");
        String tag = image.substring(image.lastIndexOf(':') + 1);
        assertThat(tag).as("image %s is pinned to an exact version, never latest or a floating major", image)
                .matches(PINNED_TAG);
    }

    private static Map<String, Object> compose() throws IOException {
        return yaml(DOCKER.resolve("compose.yaml"));
    }

    private static Map<String, Object> yaml(Path file) throws IOException {
        return map(new Yaml().load(Files.readString(file, StandardCharsets.UTF_8)));
    }

    private static JsonNode dashboard() throws IOException {
        return new ObjectMapper().readTree(DOCKER.resolve("grafana/dashboards/huanxin-ledger.json").toFile());
    }

    /** The Dockerfile's instructions, continuation lines joined, comments and blank lines left out. */
    private static List<String> dockerfileInstructions() throws IOException {
        List<String> instructions = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : Files.readAllLines(DOCKER.resolve("Dockerfile"))) {
            String stripped = line.strip();
            if (stripped.startsWith("#") || stripped.isEmpty()) {
                continue;
            }
            if (stripped.endsWith("\\")) {
                current.append(stripped, 0, stripped.length() - 1).append(' ');
                continue;
            }
            current.append(stripped);
            instructions.add(current.toString().replaceAll("\\s+", " "));
            current.setLength(0);
        }
        return instructions;
    }

    private static List<String> entrypoint() throws IOException {
        List<String> entrypoints = dockerfileInstructions().stream().filter(line -> line.startsWith("ENTRYPOINT "))
                .toList();
        assertThat(entrypoints).hasSize(1);
        JsonNode words = new ObjectMapper().readTree(entrypoints.get(0).substring("ENTRYPOINT ".length()));
        assertThat(words.isArray()).as("the exec form, so that the JVM gets the stop signal").isTrue();
        List<String> command = new ArrayList<>();
        words.forEach(word -> command.add(word.asText()));
        assertThat(command).startsWith("java").contains("-jar", "ledger-api.jar");
        return command;
    }

    private static Map<String, String> environment(Map<String, Object> service) {
        Map<String, String> environment = new LinkedHashMap<>();
        map(service.get("environment")).forEach((name, value) -> environment.put(name, String.valueOf(value)));
        return environment;
    }

    private static String clientPassword(Path secrets, String client) throws IOException {
        return Files.readAllLines(secrets.resolve("client-passwords.txt")).stream()
                .filter(line -> line.startsWith(client + " ")).map(line -> line.substring(client.length() + 1))
                .findFirst().orElseThrow();
    }

    private HttpResponse<String> post(int port, String credentials, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/events"))
                .timeout(Duration.ofSeconds(60)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (credentials != null) {
            request.header("Authorization", "Basic "
                    + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)));
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Leaves the child the basics of a shell (as a container's image gives it), nothing of this build. */
    private static void keepOnly(Map<String, String> environment) {
        environment.keySet().removeIf(name -> !Set.of("PATH", "HOME", "LANG", "TMPDIR").contains(name));
    }

    private static Run run(Path directory, Map<String, String> environment, String... command) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true);
        keepOnly(builder.environment());
        builder.environment().putAll(environment);
        Process process = builder.start();
        byte[] output = process.getInputStream().readAllBytes();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            fail(String.join(" ", command) + " did not finish");
        }
        return new Run(process.exitValue(), new String(output, StandardCharsets.UTF_8));
    }

    private record Run(int exitCode, String output) {
    }

    private static String tail(Path log) throws IOException {
        List<String> lines = Files.readAllLines(log);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static Path examples() {
        return DOCKER.resolveSibling("docs").resolve("examples");
    }

    /** {@code docker/}, from the module directory (failsafe's) or the repository root. */
    private static Path locate() {
        for (Path candidate : List.of(Path.of("..", "docker"), Path.of("docker"))) {
            if (Files.isRegularFile(candidate.resolve("compose.yaml"))) {
                return candidate.toAbsolutePath().normalize();
            }
        }
        throw new IllegalStateException("docker/compose.yaml not found from " + Path.of("").toAbsolutePath());
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        assertThat(value).isInstanceOf(Map.class);
        return (Map<String, Object>) value;
    }

    private static List<?> list(Object value) {
        return value == null ? List.of() : (List<?>) value;
    }
}
