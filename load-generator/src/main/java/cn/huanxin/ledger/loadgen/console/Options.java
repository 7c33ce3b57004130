package cn.huanxin.ledger.loadgen.console;

import cn.huanxin.ledger.loadgen.CommandLine;

import java.nio.file.Path;
import java.util.Set;

/** ConsoleSpeed's command-line options, parsed from {@code --key value} or {@code --key=value}. */
final class Options {
    static final String USAGE = """
            usage: java -Dloader.main=cn.huanxin.ledger.loadgen.console.ConsoleSpeed -cp load-generator.jar \\
                     org.springframework.boot.loader.launch.PropertiesLauncher --url http://127.0.0.1:18090 \\
                     --password SECRET [--auditor bench-auditor] [--discipline bench-discipline] [--admin bench-admin]
                     [--runs 10] [--warmups 1] [--requests 50] [--data-warmups 3]
                     [--paint-target-ms 1000] [--data-target-ms 300]
                     [--run-id ID --seed 42 --events N | --person-id-number ID]
                     [--investigation true|false] [--investigation-timeout-seconds 900]
                     [--chromium /usr/bin/chromium] [--chromedriver /usr/bin/chromedriver] [--profile-dir DIR]
              --run-id, --seed, --events  the load generator's run: its events are regenerated to learn a
                                          resident's ID number for the person look-up""";

    String url = "http://127.0.0.1:18090";
    String password;
    String auditor = "bench-auditor";
    String discipline = "bench-discipline";
    String admin = "bench-admin";
    int runs = 10;
    int warmups = 1;
    int requests = 50;
    int dataWarmups = 3;
    int paintTargetMs = 1000;
    int dataTargetMs = 300;
    String runId;
    long seed = 42;
    int events;
    String personIdNumber;
    boolean investigation = true;
    int investigationTimeoutSeconds = 900;
    Path chromium = Path.of("/usr/bin/chromium");
    Path chromedriver = Path.of("/usr/bin/chromedriver");
    Path profileDir = Path.of(System.getProperty("java.io.tmpdir"));

    /** Parses {@code --key value} or {@code --key=value}; null means help was asked for. */
    static Options parse(String[] args) {
        Options o = new Options();
        boolean run = CommandLine.parse(args, Set.of(), (key, value) -> {
            switch (key) {
                case "url" -> o.url = value.replaceAll("/+$", "");
                case "password" -> o.password = value;
                case "auditor" -> o.auditor = value;
                case "discipline" -> o.discipline = value;
                case "admin" -> o.admin = value;
                case "runs" -> o.runs = CommandLine.positive(key, value);
                case "warmups" -> o.warmups = CommandLine.nonNegative(key, value);
                case "requests" -> o.requests = CommandLine.positive(key, value);
                case "data-warmups" -> o.dataWarmups = CommandLine.nonNegative(key, value);
                case "paint-target-ms" -> o.paintTargetMs = CommandLine.positive(key, value);
                case "data-target-ms" -> o.dataTargetMs = CommandLine.positive(key, value);
                case "run-id" -> o.runId = value;
                case "seed" -> o.seed = CommandLine.integer(key, value);
                case "events" -> o.events = CommandLine.positive(key, value);
                case "person-id-number" -> o.personIdNumber = value;
                case "investigation" -> o.investigation = Boolean.parseBoolean(value);
                case "investigation-timeout-seconds" -> o.investigationTimeoutSeconds = CommandLine.positive(key, value);
                case "chromium" -> o.chromium = Path.of(value);
                case "chromedriver" -> o.chromedriver = Path.of(value);
                case "profile-dir" -> o.profileDir = Path.of(value);
                default -> throw new IllegalArgumentException("unknown option --" + key);
            }
        });
        if (!run) {
            return null;
        }
        if (o.password == null) {
            throw new IllegalArgumentException("--password is required");
        }
        CommandLine.httpUrl(o.url);
        return o;
    }
}
