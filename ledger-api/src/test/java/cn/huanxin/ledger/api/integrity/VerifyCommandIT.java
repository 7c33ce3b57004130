package cn.huanxin.ledger.api.integrity;

import cn.huanxin.ledger.api.e2e.PackagedJar;
import cn.huanxin.ledger.core.integrity.SigningKey;
import cn.huanxin.ledger.verifier.EvidenceBundles;
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
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * The offline verifier as a user runs it: {@code java -jar ledger-api.jar verify bundle.json}, a real
 * process on the packaged jar (built by {@code package} before failsafe runs). It must exit 0 for a
 * valid bundle and 1 for a tampered one, and, since it runs before Spring, leave no {@code data}
 * directory (the embedded database's) in its working directory.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class VerifyCommandIT {

    private static final long PROCESS_TIMEOUT_SECONDS = 60;

    @TempDir
    Path workingDir;

    @Test
    void thePackagedJarVerifiesBundlesOfflineWithoutStartingTheLedger() throws Exception {
        Path jar = PackagedJar.find();
        SigningKey key = EvidenceBundles.newKey();
        EvidenceBundles ledger = EvidenceBundles.ledger();
        Files.write(workingDir.resolve("valid.json"), EvidenceBundles.bytes(ledger.bundle(key, 1, 2, 4, 6)));
        ObjectNode tampered = ledger.bundle(key, 1, 2, 4, 6);
        ObjectNode event = (ObjectNode) tampered.get("events").get(0);
        event.put("canonical", event.get("canonical").textValue().replace("淮安市", "淮阴市"));
        Files.write(workingDir.resolve("tampered.json"), EvidenceBundles.bytes(tampered));

        Run valid = verify(jar, "valid.json");
        assertThat(valid.exitCode()).as("exit code for a valid bundle; %s", valid).isZero();
        assertThat(valid.out()).startsWith("VALID evidence bundle valid.json").contains("key id:     " + key.keyId())
                .doesNotContain(":: Spring Boot ::");

        Run invalid = verify(jar, "tampered.json");
        assertThat(invalid.exitCode()).as("exit code for a tampered bundle; %s", invalid).isEqualTo(1);
        assertThat(invalid.err()).startsWith("INVALID evidence bundle tampered.json")
                .contains("events[0] (ledgerEventId " + EvidenceBundles.ledgerEventId(2) + ", position 2): leafHash ");
        assertThat(invalid.out()).isEmpty();

        Run usage = verify(jar);
        assertThat(usage.exitCode()).as("exit code without a bundle; %s", usage).isEqualTo(2);
        assertThat(usage.err()).isEqualTo("verify: no bundle given" + System.lineSeparator()
                + "usage: java -jar ledger-api.jar verify [--public-key trusted.pem]... bundle.json"
                + System.lineSeparator());

        try (Stream<Path> entries = Files.list(workingDir)) {
            assertThat(entries.map(path -> path.getFileName().toString()))
                    .as("what the verifier left in its working directory (no data directory, no database)")
                    .containsExactlyInAnyOrder("valid.json", "tampered.json", "out-1.txt", "err-1.txt", "out-2.txt",
                            "err-2.txt", "out-3.txt", "err-3.txt");
        }
    }

    private int runs;

    private Run verify(Path jar, String... args) throws IOException, InterruptedException {
        int n = ++runs;
        Path out = workingDir.resolve("out-" + n + ".txt");
        Path err = workingDir.resolve("err-" + n + ".txt");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", jar.toString(), "verify"));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).directory(workingDir.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!process.waitFor(PROCESS_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            fail("java -jar ledger-api.jar verify did not finish within " + PROCESS_TIMEOUT_SECONDS + " s");
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
