package cn.huanxin.ledger.verifier;

import cn.huanxin.ledger.core.integrity.Ed25519Keys;
import cn.huanxin.ledger.core.integrity.SigningKey;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * The stand-alone verifier as a discipline office runs it: {@code java -jar ledger-verifier.jar
 * bundle.json}, a real process on the shaded jar that {@code package} built, with nothing else on its
 * classpath. Since the shade plugin keeps only the classes it sees reached, each run here also
 * checks that nothing the verifier needs at run time was left out of the jar.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class StandaloneJarIT {

    private static final long PROCESS_TIMEOUT_SECONDS = 60;

    /**
     * About 2.2 MB today, nearly all of it Jackson's databind, whose object mapper reaches almost every
     * class of it; the bound catches a framework shaded in by mistake, not a Jackson upgrade.
     */
    private static final long MAX_JAR_BYTES = 3L * 1024 * 1024;

    @TempDir
    Path workingDir;

    private int runs;

    @Test
    void verifiesAValidBundleAndRejectsATamperedOne() throws Exception {
        Path jar = jar();
        SigningKey key = EvidenceBundles.newKey();
        EvidenceBundles ledger = EvidenceBundles.ledger();
        Files.write(workingDir.resolve("valid.json"), EvidenceBundles.bytes(ledger.bundle(key, 1, 2, 4, 6)));
        ObjectNode tampered = ledger.bundle(key, 1, 2, 4, 6);
        ObjectNode event = (ObjectNode) tampered.get("events").get(0);
        event.put("canonical", event.get("canonical").textValue().replace("淮安市", "淮阴市"));
        Files.write(workingDir.resolve("tampered.json"), EvidenceBundles.bytes(tampered));
        Files.writeString(workingDir.resolve("trusted.pem"), Ed25519Keys.publicKeyPem(key.publicKey()),
                StandardCharsets.US_ASCII);

        Run valid = verify(jar, "valid.json");
        assertThat(valid.exitCode()).as("exit code for a valid bundle; %s", valid).isZero();
        assertThat(valid.out()).startsWith("VALID evidence bundle valid.json" + System.lineSeparator())
                .contains("subject:    subsidy S-320812-000001", "events:     4", "key id:     " + key.keyId(),
                        "Reminder: the key was taken from the bundle itself.");
        assertThat(valid.err()).isEmpty();

        Run pinned = verify(jar, "--public-key", "trusted.pem", "valid.json");
        assertThat(pinned.exitCode()).as("exit code for a valid bundle and its key; %s", pinned).isZero();
        assertThat(pinned.out()).contains("key id:     " + key.keyId() + " (the trusted key trusted.pem)")
                .doesNotContain("Reminder");

        Run invalid = verify(jar, "tampered.json");
        assertThat(invalid.exitCode()).as("exit code for a tampered bundle; %s", invalid).isEqualTo(1);
        assertThat(invalid.err()).startsWith("INVALID evidence bundle tampered.json: ")
                .contains("  - events[0] (ledgerEventId " + EvidenceBundles.ledgerEventId(2) + ", position 2): leafHash ");
        assertThat(invalid.out()).isEmpty();
    }

    /** A broken file goes through Jackson's error path, which a valid bundle never reaches. */
    @Test
    void rejectsAFileThatIsNotJsonAndExplainsTheCommandLine() throws Exception {
        Path jar = jar();
        Files.writeString(workingDir.resolve("cut.json"), "{\"format\": \"huanxin-ledger/evidence-bundle/v1\", \"events\": [");

        Run cut = verify(jar, "cut.json");
        assertThat(cut.exitCode()).as("exit code for a cut-off file; %s", cut).isEqualTo(1);
        assertThat(cut.err()).contains("  - bundle: is not well-formed JSON: Unexpected end-of-input")
                .doesNotContain("Exception", "\tat ");

        Run usage = verify(jar);
        assertThat(usage.exitCode()).as("exit code without a bundle; %s", usage).isEqualTo(2);
        assertThat(usage.err()).isEqualTo("verify: no bundle given" + System.lineSeparator()
                + "usage: java -jar ledger-verifier.jar [--public-key trusted.pem]... bundle.json"
                + System.lineSeparator());

        Run help = verify(jar, "--help");
        assertThat(help.exitCode()).as("exit code for --help; %s", help).isZero();
        assertThat(help.out()).contains("Exit codes: 0 valid, 1 invalid, 2 usage error or unreadable file.");
    }

    @Test
    void theJarHoldsOnlyTheVerifierLedgerCoreAndJackson() throws IOException {
        Path jar = jar();
        assertThat(Files.size(jar)).as("size of %s", jar).isLessThan(MAX_JAR_BYTES);
        try (JarFile file = new JarFile(jar.toFile())) {
            assertThat(file.getManifest().getMainAttributes().getValue("Main-Class"))
                    .isEqualTo(VerifyCommand.class.getName());
            assertThat(file.stream().map(ZipEntry::getName).filter(name -> name.endsWith(".class")))
                    .isNotEmpty()
                    .allMatch(name -> name.startsWith("cn/huanxin/ledger/verifier/")
                            || name.startsWith("cn/huanxin/ledger/core/") || name.startsWith("com/fasterxml/jackson/"));
        }
    }

    /** The shaded jar, from the module directory (failsafe's) or the repository root. */
    private static Path jar() {
        for (Path candidate : List.of(Path.of("target", "ledger-verifier.jar"),
                Path.of("ledger-verifier", "target", "ledger-verifier.jar"))) {
            if (Files.isRegularFile(candidate)) {
                return candidate.toAbsolutePath();
            }
        }
        return fail("target/ledger-verifier.jar not found from " + Path.of("").toAbsolutePath()
                + "; run ./mvnw verify (the jar is built by package, before the integration tests)");
    }

    private Run verify(Path jar, String... args) throws IOException, InterruptedException {
        int n = ++runs;
        Path out = workingDir.resolve("out-" + n + ".txt");
        Path err = workingDir.resolve("err-" + n + ".txt");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", jar.toString()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).directory(workingDir.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!process.waitFor(PROCESS_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            fail("java -jar ledger-verifier.jar did not finish within " + PROCESS_TIMEOUT_SECONDS + " s");
        }
        return new Run(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }

    private record Run(int exitCode, String out, String err) {

        @Override
        public String toString() {
            return "exit " + exitCode + ", out:\n" + out + "\nerr:\n" + err;
        }
    }
}
