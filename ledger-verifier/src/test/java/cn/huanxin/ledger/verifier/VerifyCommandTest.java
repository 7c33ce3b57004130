package cn.huanxin.ledger.verifier;

import cn.huanxin.ledger.core.integrity.Ed25519Keys;
import cn.huanxin.ledger.core.integrity.SigningKey;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The verify command line: its exit codes and what it prints on which stream. */
class VerifyCommandTest {

    private static final SigningKey KEY = EvidenceBundles.newKey();
    private static final EvidenceBundles LEDGER = EvidenceBundles.ledger();

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @Test
    void aValidBundleExitsZeroWithASummaryAndTheReminderToCompareTheKeyId() throws IOException {
        Path bundle = write("bundle.json", LEDGER.bundle(KEY, 1, 2, 4, 6));

        int exit = run(bundle.toString());

        assertThat(exit).isEqualTo(VerifyCommand.VALID);
        assertThat(out()).startsWith("VALID evidence bundle " + bundle)
                .contains("subject:    subsidy S-320812-000001", "events:     4",
                        "checkpoint: tree size 7, signed at 2024-09-01T10:15:00+08:00", "key id:     " + KEY.keyId(),
                        "Compare key id " + KEY.keyId() + " with the ledger's published key (GET /api/v1/ledger/public-key)");
        assertThat(err()).isEmpty();
    }

    @Test
    void aValidBundleCheckedAgainstTheTrustedKeyNeedsNoReminder() throws IOException {
        Path bundle = write("bundle.json", LEDGER.bundle(KEY, 0, 3));
        Path key = writeKey("trusted.pem", KEY);

        int exit = run("--public-key", key.toString(), bundle.toString());

        assertThat(exit).isEqualTo(VerifyCommand.VALID);
        assertThat(out()).contains("key id:     " + KEY.keyId() + " (the trusted key " + key + ")")
                .doesNotContain("Reminder");
    }

    @Test
    void theTrustedKeyMayAlsoBeGivenWithAnEqualsSign() throws IOException {
        Path bundle = write("bundle.json", LEDGER.bundle(KEY, 5));

        assertThat(run("--public-key=" + writeKey("trusted.pem", KEY), bundle.toString()))
                .isEqualTo(VerifyCommand.VALID);
    }

    @Test
    void anEmptyBundleIsValidAndSaysItHoldsNoEvents() throws IOException {
        int exit = run(write("empty.json", LEDGER.bundle(KEY)).toString());

        assertThat(exit).isEqualTo(VerifyCommand.VALID);
        assertThat(out()).contains("events:     0", "The bundle holds no events");
    }

    @Test
    void anInvalidBundleExitsOneAndPrintsEachReasonOnTheErrorStream() throws IOException {
        ObjectNode tampered = LEDGER.bundle(KEY, 1, 2);
        ObjectNode event = (ObjectNode) tampered.get("events").get(1);
        event.put("canonical", event.get("canonical").textValue().replace("REFRIGERATOR", "TELEVISION"));
        ((ObjectNode) tampered.get("checkpoint")).put("treeSize", 6);
        Path bundle = write("tampered.json", tampered);

        int exit = run(bundle.toString());

        assertThat(exit).isEqualTo(VerifyCommand.INVALID);
        assertThat(out()).isEmpty();
        // The changed tree size breaks the signature; events[0]'s path still reaches the root, because
        // leaf 1 lies in the perfect left subtree of both sizes: only the signature binds the size.
        String changedEvent = "  - events[1] (ledgerEventId " + EvidenceBundles.ledgerEventId(3) + ", position 4): ";
        assertThat(err()).startsWith("INVALID evidence bundle " + bundle + ": 3 problems")
                .contains("  - checkpoint: signature does not verify", changedEvent + "leafHash ",
                        changedEvent + "auditPath of 3 hashes does not lead");
    }

    @Test
    void aBundleSignedByAnotherKeyThanTheTrustedOneExitsOne() throws IOException {
        SigningKey other = EvidenceBundles.newKey();
        Path bundle = write("bundle.json", LEDGER.bundle(other, 1));

        int exit = run("--public-key", writeKey("trusted.pem", KEY).toString(), bundle.toString());

        assertThat(exit).isEqualTo(VerifyCommand.INVALID);
        assertThat(err()).contains("publicKey: is not the trusted key: its key id is " + other.keyId());
    }

    @Test
    void aFileThatIsNotJsonExitsOneWithAClearReason() throws IOException {
        Path bundle = dir.resolve("bundle.json");
        Files.writeString(bundle, "{\"format\": \"huanxin-ledger/evidence-bundle/v1\", \"events\": [");

        int exit = run(bundle.toString());

        assertThat(exit).isEqualTo(VerifyCommand.INVALID);
        assertThat(err()).contains("  - bundle: is not well-formed JSON: Unexpected end-of-input")
                .doesNotContain("Exception", "\tat ");
    }

    @Test
    void noArgumentsIsAUsageError() {
        assertUsageError(run(), "verify: no bundle given");
    }

    @Test
    void anUnknownOptionIsAUsageError() {
        assertUsageError(run("--verbose", "bundle.json"), "verify: unknown option --verbose");
    }

    @Test
    void twoBundlesAreAUsageError() {
        assertUsageError(run("a.json", "b.json"), "verify: the bundle is given twice");
    }

    @Test
    void aPublicKeyOptionWithoutItsFileIsAUsageError() {
        assertUsageError(run("bundle.json", "--public-key"), "verify: --public-key needs a file");
    }

    @Test
    void helpPrintsTheUsageAndExitsZero() {
        assertThat(run("--help")).isEqualTo(VerifyCommand.VALID);
        assertThat(out()).startsWith("usage: java -jar ledger-verifier.jar [--public-key trusted.pem]... bundle.json"
                + System.lineSeparator());
    }

    @Test
    void theUsageLineNamesTheInvocationItIsGiven() {
        int exit = VerifyCommand.run("java -jar ledger-api.jar verify", new String[0],
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));

        assertThat(exit).isEqualTo(VerifyCommand.USAGE);
        assertThat(err()).isEqualTo("verify: no bundle given" + System.lineSeparator()
                + "usage: java -jar ledger-api.jar verify [--public-key trusted.pem]... bundle.json"
                + System.lineSeparator());
    }

    @Test
    void aMissingBundleFileExitsTwo() {
        Path missing = dir.resolve("missing.json");

        assertThat(run(missing.toString())).isEqualTo(VerifyCommand.USAGE);
        assertThat(err()).isEqualTo("verify: cannot read the bundle " + missing + ": no such file"
                + System.lineSeparator());
    }

    @Test
    void aDirectoryInsteadOfABundleExitsTwo() {
        assertThat(run(dir.toString())).isEqualTo(VerifyCommand.USAGE);
        assertThat(err()).startsWith("verify: cannot read the bundle " + dir);
    }

    @Test
    void aMissingTrustedKeyFileExitsTwo() throws IOException {
        Path bundle = write("bundle.json", LEDGER.bundle(KEY, 1));

        assertThat(run("--public-key", dir.resolve("nope.pem").toString(), bundle.toString()))
                .isEqualTo(VerifyCommand.USAGE);
        assertThat(err()).contains("cannot use the trusted key", "no such file");
    }

    @Test
    void aTrustedKeyFileWithoutAPublicKeyExitsTwo() throws IOException {
        Path bundle = write("bundle.json", LEDGER.bundle(KEY, 1));
        Path notAKey = dir.resolve("private.pem");
        Files.writeString(notAKey, Ed25519Keys.privateKeyPem(KEY.privateKey()));

        assertThat(run("--public-key", notAKey.toString(), bundle.toString())).isEqualTo(VerifyCommand.USAGE);
        assertThat(err()).contains("cannot use the trusted key", "no PEM block labelled PUBLIC KEY");
    }

    // ---------------------------------------------------------------------------------------------

    private int run(String... args) {
        return VerifyCommand.run(VerifyCommand.STANDALONE_INVOCATION, args,
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    private void assertUsageError(int exit, String message) {
        assertThat(exit).isEqualTo(VerifyCommand.USAGE);
        assertThat(err()).startsWith(message)
                .contains(VerifyCommand.usageLine(VerifyCommand.STANDALONE_INVOCATION));
        assertThat(out()).isEmpty();
    }

    private Path write(String name, ObjectNode bundle) throws IOException {
        Path file = dir.resolve(name);
        Files.write(file, EvidenceBundles.bytes(bundle));
        return file;
    }

    private Path writeKey(String name, SigningKey key) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, Ed25519Keys.publicKeyPem(key.publicKey()), StandardCharsets.US_ASCII);
        return file;
    }
}
