package cn.huanxin.ledger.api.config;

import cn.huanxin.ledger.api.LedgerApplication;
import cn.huanxin.ledger.core.integrity.Ed25519Keys;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.mock.env.MockEnvironment;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * The production profile refuses to start half-configured: the application, started with the
 * {@code postgres} profile and one setting missing or wrong, fails before it makes a single bean, and
 * both the exception and Spring Boot's start-up report name the setting.
 */
@ExtendWith(OutputCaptureExtension.class)
class ProductionSettingsTest {

    private static final String PSEUDONYM_KEY = "ab".repeat(32);
    private static final String POSTGRES_URL = "jdbc:postgresql://127.0.0.1:1/ledger";

    @TempDir
    static Path dataDir;
    private static Path sealKeyFile;

    @BeforeAll
    static void sealKey() throws IOException {
        KeyPair pair = Ed25519Keys.generate();
        sealKeyFile = dataDir.resolve("seal.pem");
        Files.writeString(sealKeyFile, Ed25519Keys.privateKeyPem(pair.getPrivate())
                + Ed25519Keys.publicKeyPem(pair.getPublic()));
    }

    @Test
    void withoutADatabaseUrlItRefusesToStartInsteadOfFallingBackToH2(CapturedOutput output) {
        Throwable failure = start("postgres", without("--spring.datasource.url"));

        assertThat(failure).isInstanceOf(ProductionSettingsException.class)
                .hasMessageContaining("spring.datasource.url is not set");
        assertThat(((ProductionSettingsException) failure).problems()).hasSize(1);
        assertThat(output).contains("APPLICATION FAILED TO START")
                .contains("spring.datasource.url is not set")
                .contains("docs/operations.md");
        assertThat(Files.exists(dataDir.resolve("ledger.mv.db"))).as("no H2 file was made").isFalse();
    }

    @Test
    void anotherDatabasesUrlIsRefusedWithoutEchoingIt() {
        Throwable failure = start("postgres", with("--spring.datasource.url=jdbc:h2:mem:secret;PASSWORD=hunter2"));

        assertThat(failure).hasMessageContaining("spring.datasource.url is not a PostgreSQL URL")
                .hasMessageContaining("jdbc:h2:").hasMessageNotContaining("hunter2");
    }

    @Test
    void withoutThePseudonymKeyItRefusesToStart() {
        assertThat(start("postgres", without("--ledger.pseudonym.key")))
                .isInstanceOf(ProductionSettingsException.class)
                .hasMessageContaining("ledger.pseudonym.key is not set");
    }

    @Test
    void withoutTheSealKeyFileItRefusesToStart() {
        assertThat(start("postgres", without("--ledger.seal.key-file")))
                .isInstanceOf(ProductionSettingsException.class)
                .hasMessageContaining("ledger.seal.key-file is not set");
    }

    @Test
    void aSealKeyFileThatDoesNotExistIsNamed() {
        Path missing = dataDir.resolve("no-such-seal.pem");
        assertThat(start("postgres", with("--ledger.seal.key-file=" + missing)))
                .hasMessageContaining("ledger.seal.key-file names " + missing + ", which is not a readable file");
    }

    @Test
    void theDemoClientsOfTheDefaultProfileAreRefused(CapturedOutput output) {
        Throwable failure = start("default,postgres", complete());

        assertThat(failure).isInstanceOf(ProductionSettingsException.class)
                .hasMessageContaining("ledger.security.demo-clients is true")
                .hasMessageContaining("ledger.security.clients configures platform, importer, auditor, discipline, "
                        + "admin with the public demo password");
        assertThat(output).contains("APPLICATION FAILED TO START").contains("ledger.security.demo-clients");
    }

    @Test
    void aClientConfiguredWithItsDemoPasswordIsRefusedEvenWithoutTheDemoFlag() {
        String hash = "{bcrypt}" + new BCryptPasswordEncoder().encode("ops-demo");
        Throwable failure = start("postgres", with("--ledger.security.clients[0].name=ops",
                "--ledger.security.clients[0].password-hash=" + hash, "--ledger.security.clients[0].role=ADMIN"));

        assertThat(failure).hasMessageContaining("ledger.security.clients configures ops with the public demo password")
                .hasMessageNotContaining("ledger.security.demo-clients");
    }

    @Test
    void everyMissingSettingIsNamedAtOnce() {
        Throwable failure = start("postgres", new String[0]);

        assertThat(((ProductionSettingsException) failure).problems()).hasSize(3)
                .anySatisfy(p -> assertThat(p).startsWith("spring.datasource.url"))
                .anySatisfy(p -> assertThat(p).startsWith("ledger.pseudonym.key"))
                .anySatisfy(p -> assertThat(p).startsWith("ledger.seal.key-file"));
    }

    @Test
    void aCompleteConfigurationWithItsOwnClientsPasses() {
        MockEnvironment environment = completeEnvironment()
                .withProperty("ledger.security.clients[0].name", "ops")
                .withProperty("ledger.security.clients[0].password-hash",
                        "{bcrypt}" + new BCryptPasswordEncoder().encode("a long and private passphrase"));

        assertThat(ProductionSettings.problems(environment)).isEmpty();
    }

    @Test
    void demoClientsPassOnlyWhenExplicitlyAllowed() {
        MockEnvironment environment = completeEnvironment()
                .withProperty("ledger.security.demo-clients", "true")
                .withProperty("ledger.security.clients[0].name", "ops")
                .withProperty("ledger.security.clients[0].password-hash",
                        "{bcrypt}" + new BCryptPasswordEncoder().encode("ops-demo"));

        assertThat(ProductionSettings.problems(environment)).hasSize(2);
        assertThat(ProductionSettings.problems(environment.withProperty("ledger.security.allow-demo-clients", "true")))
                .isEmpty();
    }

    private MockEnvironment completeEnvironment() {
        return new MockEnvironment()
                .withProperty("spring.datasource.url", POSTGRES_URL)
                .withProperty("ledger.pseudonym.key", PSEUDONYM_KEY)
                .withProperty("ledger.seal.key-file", sealKeyFile.toString());
    }

    /** Starts the application with the profiles and arguments; answers why it failed (it must fail). */
    private static Throwable start(String profiles, String[] arguments) {
        Throwable failure = catchThrowable(() -> new SpringApplicationBuilder(LedgerApplication.class)
                .profiles(profiles.split(","))
                .properties("spring.main.web-application-type=none", "spring.main.register-shutdown-hook=false",
                        "ledger.data-dir=" + dataDir, "axoniq.update-checker.disabled=true")
                .run(arguments).close());
        assertThat(failure).as("the start with %s and %s", profiles, List.of(arguments)).isNotNull();
        return failure;
    }

    private static String[] complete() {
        return new String[] {"--spring.datasource.url=" + POSTGRES_URL, "--ledger.pseudonym.key=" + PSEUDONYM_KEY,
                "--ledger.seal.key-file=" + sealKeyFile};
    }

    private static String[] without(String setting) {
        return Stream.of(complete()).filter(a -> !a.startsWith(setting + "=")).toArray(String[]::new);
    }

    private static String[] with(String... settings) {
        List<String> arguments = new ArrayList<>();
        for (String argument : complete()) {
            if (Stream.of(settings).noneMatch(s -> s.substring(0, s.indexOf('=')).equals(
                    argument.substring(0, argument.indexOf('='))))) {
                arguments.add(argument);
            }
        }
        arguments.addAll(List.of(settings));
        return arguments.toArray(String[]::new);
    }
}
