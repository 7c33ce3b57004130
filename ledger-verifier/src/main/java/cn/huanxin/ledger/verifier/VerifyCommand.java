package cn.huanxin.ledger.verifier;

import cn.huanxin.ledger.core.integrity.Ed25519Keys;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;

/**
 * The offline verifier on the command line, in either of its two jars: the stand-alone
 * {@code java -jar ledger-verifier.jar [--public-key trusted.pem] bundle.json}, which holds nothing
 * but the verifier, and {@code java -jar ledger-api.jar verify [--public-key trusted.pem] bundle.json},
 * which runs it before and without Spring. Neither starts a server, opens a database or creates a
 * data directory.
 *
 * <p>Exit codes: {@value #VALID} when the bundle verifies, {@value #INVALID} when it does not (each
 * reason on the error stream), {@value #USAGE} for a wrong command line or a file that cannot be
 * read.
 */
public final class VerifyCommand {

    public static final int VALID = 0;
    public static final int INVALID = 1;
    public static final int USAGE = 2;

    /** How the stand-alone jar is run, for its usage line. */
    public static final String STANDALONE_INVOCATION = "java -jar ledger-verifier.jar";

    static final String PUBLIC_KEY_ENDPOINT = "GET /api/v1/ledger/public-key";

    /** The largest trusted key file read; a PEM Ed25519 public key is about 113 bytes. */
    private static final long MAX_KEY_FILE_BYTES = 64 * 1024;

    private VerifyCommand() {
        throw new AssertionError("utility class");
    }

    /** The entry point of the stand-alone {@code ledger-verifier.jar}: every argument is the command's. */
    public static void main(String[] args) {
        System.exit(run(STANDALONE_INVOCATION, args, System.out, System.err));
    }

    /**
     * Runs the command.
     *
     * @param invocation how the user started the command, for the usage line: for example
     *                   {@value #STANDALONE_INVOCATION}, or {@code java -jar ledger-api.jar verify}
     * @param args       the command's arguments, after the invocation
     * @param out        receives the summary of a valid bundle
     * @param err        receives usage errors and the reasons a bundle is invalid
     * @return the exit code: {@value #VALID}, {@value #INVALID} or {@value #USAGE}
     */
    public static int run(String invocation, String[] args, PrintStream out, PrintStream err) {
        String usageLine = usageLine(invocation);
        Arguments arguments;
        try {
            arguments = Arguments.parse(args);
        } catch (IllegalArgumentException e) {
            err.println("verify: " + e.getMessage());
            err.println(usageLine);
            return USAGE;
        }
        if (arguments.help()) {
            out.println(usageLine);
            out.println("Verifies an evidence bundle of Huanxin Ledger offline; see docs/integrity.md.");
            out.println("Exit codes: 0 valid, 1 invalid, 2 usage error or unreadable file.");
            return VALID;
        }
        BundleVerifier verifier;
        if (arguments.publicKeys().isEmpty()) {
            verifier = BundleVerifier.trustingBundleKey();
        } else {
            // Several --public-key options pin a set: every key the ledger has signed with, so
            // that bundles from before and after a key rotation verify alike.
            List<PublicKey> keys = new ArrayList<>();
            for (String file : arguments.publicKeys()) {
                try {
                    keys.add(readKey(file));
                } catch (IOException | IllegalArgumentException e) {
                    err.println("verify: cannot use the trusted key " + file + ": " + describe(e));
                    return USAGE;
                }
            }
            verifier = BundleVerifier.pinnedTo(keys);
        }
        BundleVerification verification;
        try {
            verification = verifier.verify(Path.of(arguments.bundle()));
        } catch (IOException | InvalidPathException e) {
            err.println("verify: cannot read the bundle " + arguments.bundle() + ": " + describe(e));
            return USAGE;
        }
        if (verification.valid()) {
            printValid(verification.summary(), arguments, out);
            return VALID;
        }
        printInvalid(verification, arguments, err);
        return INVALID;
    }

    /** The usage line the command prints when started as {@code invocation}. */
    static String usageLine(String invocation) {
        return "usage: " + invocation + " [--public-key trusted.pem]... bundle.json";
    }

    private static PublicKey readKey(String file) throws IOException {
        Path path = Path.of(file);
        if (Files.size(path) > MAX_KEY_FILE_BYTES) {
            throw new IllegalArgumentException("the file is too large for a public key");
        }
        return Ed25519Keys.readPublicKey(Files.readString(path, StandardCharsets.US_ASCII));
    }

    private static void printValid(BundleSummary summary, Arguments arguments, PrintStream out) {
        out.println("VALID evidence bundle " + arguments.bundle());
        // The subject is not signed, so it is quoted as safely as any other value from the bundle.
        out.println("  subject:    " + Texts.abbreviate(summary.subjectKind()) + " "
                + Texts.abbreviate(summary.subjectRef()) + " (a label; not covered by the signature)");
        out.println("  events:     " + summary.eventCount());
        out.println("  checkpoint: tree size " + summary.treeSize() + ", signed at " + summary.signedAt());
        out.println("  key id:     " + summary.keyId() + (summary.keyPinned()
                ? (arguments.publicKeys().size() == 1 ? " (the trusted key " + arguments.publicKeys().get(0) + ")"
                : " (one of the " + arguments.publicKeys().size() + " trusted keys)") : ""));
        if (summary.eventCount() == 0) {
            out.println("The bundle holds no events: it shows only that the checkpoint was signed.");
        } else {
            out.println("Every event is in its canonical form and included, at its leaf index, in the tree whose "
                    + "root the checkpoint signs.");
        }
        if (!summary.keyPinned()) {
            out.println("Reminder: the key was taken from the bundle itself. Compare key id " + summary.keyId()
                    + " with the ledger's published key (" + PUBLIC_KEY_ENDPOINT + "), or verify again with "
                    + "--public-key.");
        }
    }

    private static void printInvalid(BundleVerification verification, Arguments arguments, PrintStream err) {
        int count = verification.problems().size();
        err.println("INVALID evidence bundle " + arguments.bundle() + ": " + count
                + (count == 1 ? " problem" : " problems"));
        for (BundleProblem problem : verification.problems()) {
            err.println("  - " + problem);
        }
    }

    private static String describe(Exception e) {
        if (e instanceof NoSuchFileException) {
            return "no such file";
        }
        if (e instanceof AccessDeniedException) {
            return "access denied";
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    /** The parsed command line. */
    private record Arguments(List<String> publicKeys, String bundle, boolean help) {

        static Arguments parse(String[] args) {
            List<String> publicKeys = new ArrayList<>();
            String bundle = null;
            for (int i = 0; i < args.length; i++) {
                String arg = args[i];
                if (arg.equals("-h") || arg.equals("--help")) {
                    return new Arguments(List.of(), null, true);
                } else if (arg.equals("--public-key")) {
                    if (i + 1 >= args.length) {
                        throw new IllegalArgumentException("--public-key needs a file");
                    }
                    publicKeys.add(args[++i]);
                } else if (arg.startsWith("--public-key=")) {
                    publicKeys.add(arg.substring("--public-key=".length()));
                } else if (arg.startsWith("-")) {
                    throw new IllegalArgumentException("unknown option " + arg);
                } else {
                    bundle = once(bundle, arg, "the bundle");
                }
            }
            if (bundle == null) {
                throw new IllegalArgumentException("no bundle given");
            }
            if (publicKeys.stream().anyMatch(String::isEmpty)) {
                throw new IllegalArgumentException("--public-key needs a file");
            }
            return new Arguments(List.copyOf(publicKeys), bundle, false);
        }

        private static String once(String current, String value, String what) {
            if (current != null) {
                throw new IllegalArgumentException(what + " is given twice");
            }
            return value;
        }
    }
}
